package dev.wecomsync.client;

/**
 * The root of every failure a {@link WeComClient} reports. It is unchecked: a failed call to WeCom
 * is not something most callers can recover from on the spot, and the subclasses carry what is
 * needed when they can.
 *
 * <ul>
 *   <li>{@link WeComApiException}: WeCom answered, with a non-zero {@code errcode}.
 *   <li>{@link WeComIoException}: no usable answer (network failure, non-200 HTTP status, a body
 *       that is not WeCom's JSON, or the calling thread was interrupted).
 * </ul>
 *
 * <p>No message of this library contains a secret or an access token.
 */
public class WeComException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** An exception with that message. */
    public WeComException(String message) {
        super(message);
    }

    /** An exception with that message and cause. */
    public WeComException(String message, Throwable cause) {
        super(message, cause);
    }
}
