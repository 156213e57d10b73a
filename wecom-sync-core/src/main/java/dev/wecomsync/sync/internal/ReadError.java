package dev.wecomsync.sync.internal;

import dev.wecomsync.client.WeComApiException;
import dev.wecomsync.client.WeComException;

/**
 * What a failed WeCom read means for the engine, decided in this one place from
 * {@link WeComApiException}'s predicates. Everything that is not one of the first four is a
 * failure that blocks deletions (and that a retry may cure).
 */
enum ReadError {
    /** 48002 / 48009: this secret may not call this API; the plan is re-chosen. */
    FORBIDDEN,
    /** 60011: outside the secret's visible scope; a failure, never a deletion. */
    OUT_OF_SCOPE,
    /** 40003 / 60111: the user does not exist. */
    USER_GONE,
    /** 60003 / 60123: the department does not exist. */
    DEPARTMENT_GONE,
    /** Anything else: network, WeCom busy, a bug. */
    OTHER;

    static ReadError of(RuntimeException e) {
        if (e instanceof WeComApiException api) {
            if (api.isForbidden()) {
                return FORBIDDEN;
            }
            if (api.isOutOfScope()) {
                return OUT_OF_SCOPE;
            }
            if (api.isUserNotFound()) {
                return USER_GONE;
            }
            if (api.isDepartmentNotFound()) {
                return DEPARTMENT_GONE;
            }
        }
        return OTHER;
    }

    /** WeCom's errcode as text ("48009"), or "an error" when WeCom did not answer with one. */
    static String errcode(RuntimeException e) {
        return e instanceof WeComApiException api ? Integer.toString(api.errcode()) : "an error";
    }

    /** The reason for reports: WeCom's message (it names the API, the errcode and a hint), else the exception. */
    static String reason(RuntimeException e) {
        if (e instanceof WeComException) {
            return e.getMessage();
        }
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + message;
    }
}
