package dev.wecomsync.sync.internal;

import java.util.Objects;
import java.util.Set;

/**
 * A failed WeCom read, classified for the engine: WeCom's errcode when WeCom answered, none for
 * network and protocol failures. The message is safe to show (never a secret or token).
 */
public final class DirectoryException extends RuntimeException {

    /** Nothing from WeCom: a network failure, a non-200 answer or a body that is not WeCom's JSON. */
    public static final int NO_ERRCODE = Integer.MIN_VALUE;

    private static final Set<Integer> FORBIDDEN = Set.of(48009, 48002);
    private static final Set<Integer> USER_GONE = Set.of(60111, 40003);
    private static final Set<Integer> DEPARTMENT_GONE = Set.of(60003, 60123);
    private static final int OUT_OF_SCOPE = 60011;

    private final String api;
    private final int errcode;

    public DirectoryException(String api, int errcode, String message, Throwable cause) {
        super(message, cause);
        this.api = Objects.requireNonNull(api, "api == null");
        this.errcode = errcode;
    }

    /** The API path that failed, like {@code user/get}. */
    public String api() {
        return api;
    }

    /** WeCom's errcode, or {@link #NO_ERRCODE}. */
    public int errcode() {
        return errcode;
    }

    /** 48009 or 48002: this secret may not call this API (from here); another plan may work. */
    public boolean forbidden() {
        return FORBIDDEN.contains(errcode);
    }

    /** 60111 or 40003: the user does not exist (any more). */
    public boolean userGone() {
        return USER_GONE.contains(errcode);
    }

    /** 60003 or 60123: the department does not exist (any more). */
    public boolean departmentGone() {
        return DEPARTMENT_GONE.contains(errcode);
    }

    /** 60011: outside the secret's visible scope. A failure, never a deletion. */
    public boolean outOfScope() {
        return errcode == OUT_OF_SCOPE;
    }

    /** The reason for reports: the message, which names the errcode and WeCom's hint. */
    public String reason() {
        return getMessage();
    }
}
