package dev.wecomsync.client;

import dev.wecomsync.client.internal.ErrorHints;
import java.util.Objects;
import java.util.Optional;

/**
 * WeCom answered a call with a non-zero {@code errcode}.
 *
 * <p>Switch on {@link #errcode()}, never on {@link #errmsg()}: WeCom appends request ids, the caller
 * IP and links to its messages. The predicates below group the codes a caller usually cares about.
 * For setup mistakes (wrong secret, untrusted IP, secret without access) {@link #hint()} tells a
 * person what to change.
 *
 * <p>The message names the API path and the errcode; it never contains the secret or the token.
 */
public class WeComApiException extends WeComException {

    private static final long serialVersionUID = 1L;

    private final String api;
    private final int errcode;
    private final String errmsg;
    private final String hint;

    /**
     * @param api the API path, such as {@code "user/get"}
     * @param errcode WeCom's non-zero error code
     * @param errmsg WeCom's error message; may be empty
     */
    public WeComApiException(String api, int errcode, String errmsg) {
        this(api, errcode, errmsg, ErrorHints.hint(api, errcode, errmsg));
    }

    private WeComApiException(String api, int errcode, String errmsg, String hint) {
        super(ErrorHints.message(api, errcode, errmsg, hint));
        this.api = Objects.requireNonNull(api, "api == null");
        this.errcode = errcode;
        this.errmsg = errmsg == null ? "" : errmsg;
        this.hint = hint;
    }

    /** The API path that failed, such as {@code "user/get"}; never a URL. */
    public String api() {
        return api;
    }

    /** WeCom's error code, never 0. */
    public int errcode() {
        return errcode;
    }

    /** WeCom's error message as sent (empty if none). Do not parse it; use {@link #errcode()}. */
    public String errmsg() {
        return errmsg;
    }

    /** What a person should do about this error; empty for codes without a known remedy. */
    public Optional<String> hint() {
        return Optional.ofNullable(hint);
    }

    /** The caller's IP as WeCom saw it ({@code "from ip: ..."} in the errmsg); empty if absent. */
    public Optional<String> callerIp() {
        return ErrorHints.callerIp(errmsg);
    }

    /** True for 40014 (invalid access token) and 42001 (expired access token). */
    public boolean isTokenError() {
        return errcode == 40014 || errcode == 42001;
    }

    /** True when the user or department asked for does not exist: {@link #isUserNotFound()} or {@link #isDepartmentNotFound()}. */
    public boolean isNotFound() {
        return isUserNotFound() || isDepartmentNotFound();
    }

    /** True for 40003 (invalid userid) and 60111 (userid not found). */
    public boolean isUserNotFound() {
        return errcode == 40003 || errcode == 60111;
    }

    /** True for 60003 (department not found) and 60123 (invalid department). */
    public boolean isDepartmentNotFound() {
        return errcode == 60003 || errcode == 60123;
    }

    /**
     * True when this secret may not call this API: 48002 (API forbidden) and 48009 (Contacts Sync
     * secret reading details from a new IP). The remedy is another API or another secret.
     */
    public boolean isForbidden() {
        return errcode == 48002 || errcode == 48009;
    }

    /** True for 60011: the member or department is outside the app's visible scope. */
    public boolean isOutOfScope() {
        return errcode == 60011;
    }

    /** True for 45009 (frequency limit) and 45033 (concurrency limit). */
    public boolean isRateLimited() {
        return errcode == 45009 || errcode == 45033;
    }

    /** True for codes the client retries: -1 (system busy), 45009 and 45033. */
    public boolean isRetryable() {
        return errcode == -1 || isRateLimited();
    }

    /**
     * True for setup mistakes that no retry fixes: 40001, 40013, 40091, 48002, 48009, 60011 and
     * 60020. {@link #hint()} says what to change.
     */
    public boolean isConfigurationError() {
        return switch (errcode) {
            case 40001, 40013, 40091, 48002, 48009, 60011, 60020 -> true;
            default -> false;
        };
    }
}
