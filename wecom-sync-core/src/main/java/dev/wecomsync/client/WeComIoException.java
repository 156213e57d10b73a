package dev.wecomsync.client;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * WeCom gave no usable answer to a call: the connection failed, the HTTP status was not 200, the
 * body was not the JSON WeCom sends (an HTML error page from a proxy, truncated JSON, an empty
 * body), or the calling thread was interrupted while waiting (its interrupt flag is then set
 * again).
 *
 * <p>The message names the API path ({@link #api()}, such as {@code "user/get"}) and, when there
 * was a response, its HTTP status. It never contains the request URL, which carries the token.
 */
public class WeComIoException extends WeComException {

    private static final long serialVersionUID = 1L;

    private final String api;
    private final int httpStatus;

    /**
     * @param api the API path, such as {@code "user/get"}
     * @param httpStatus the HTTP status of the response, or -1 when there was none
     */
    public WeComIoException(String api, int httpStatus, String message, Throwable cause) {
        super(message, cause);
        this.api = Objects.requireNonNull(api, "api == null");
        this.httpStatus = httpStatus;
    }

    /** The API path that failed, such as {@code "user/get"}; never a URL. */
    public String api() {
        return api;
    }

    /** The HTTP status of the response; empty when no response arrived. */
    public OptionalInt httpStatus() {
        return httpStatus < 0 ? OptionalInt.empty() : OptionalInt.of(httpStatus);
    }
}
