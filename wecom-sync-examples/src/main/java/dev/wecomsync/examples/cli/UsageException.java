package dev.wecomsync.examples.cli;

/**
 * A usage or configuration mistake the person at the keyboard can fix: the message says what was
 * wrong and what to do, in one line, and never holds a secret. The command line exits with 2.
 */
final class UsageException extends RuntimeException {

    UsageException(String message) {
        super(message);
    }

    UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
