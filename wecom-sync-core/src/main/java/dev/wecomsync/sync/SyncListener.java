package dev.wecomsync.sync;

/**
 * Progress of a full sync, enough to draw a progress bar.
 *
 * <p>Called on the thread that runs {@link WeComSync#fullSync()}, at the start of each phase
 * (with {@code done == 0}) and as work completes. Keep it quick: the sync waits for it. An
 * exception thrown by a listener is logged and otherwise ignored.
 *
 * <pre>{@code
 * WeComSync sync = WeComSync.builder()
 *     ...
 *     .listener((phase, done, total) -> bar.update(phase, done, total))
 *     .build();
 * }</pre>
 */
@FunctionalInterface
public interface SyncListener {

    /** Ignores every call. */
    SyncListener NONE = (phase, done, total) -> { };

    /**
     * Reports that {@code done} of {@code total} units of {@code phase} are finished.
     *
     * @param total the number of units in this phase, or -1 when it is not known yet
     */
    void onProgress(SyncPhase phase, long done, long total);
}
