package dev.wecomsync.sync;

/** Thrown by {@link WeComSync#fullSync()} when another full sync holds the {@link SyncLock}. */
public final class SyncInProgressException extends RuntimeException {

    /** An exception with that message. */
    public SyncInProgressException(String message) {
        super(message);
    }
}
