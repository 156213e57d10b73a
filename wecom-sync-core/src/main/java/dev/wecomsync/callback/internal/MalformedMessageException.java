package dev.wecomsync.callback.internal;

/**
 * A decrypted message that is not well-formed XML or lacks an element its type requires (such as
 * the {@code UserID} of a {@code delete_user}). The message never includes the XML itself.
 */
public final class MalformedMessageException extends Exception {
    public MalformedMessageException(String message) {
        super(message);
    }

    public MalformedMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
