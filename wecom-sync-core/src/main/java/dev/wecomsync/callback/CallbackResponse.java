package dev.wecomsync.callback;

import static java.util.Objects.requireNonNull;

/**
 * What to answer WeCom: write {@code status}, a {@code Content-Type} of {@code contentType}, and
 * {@code body} encoded as UTF-8, exactly (no trailing newline). {@code body} is empty, never null,
 * for an accepted event.
 */
public record CallbackResponse(int status, String body, String contentType) {
    /** The content type of every response the handler makes. */
    public static final String TEXT_PLAIN = "text/plain; charset=utf-8";

    public CallbackResponse {
        requireNonNull(body, "body == null");
        requireNonNull(contentType, "contentType == null");
        if (status < 100 || status > 599) throw new IllegalArgumentException("status: " + status);
    }

    /** A plain-text response. */
    public static CallbackResponse text(int status, String body) {
        return new CallbackResponse(status, body, TEXT_PLAIN);
    }

    /** True for 200, the only status WeCom takes as success. */
    public boolean isSuccessful() {
        return status == 200;
    }
}
