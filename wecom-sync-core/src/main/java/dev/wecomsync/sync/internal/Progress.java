package dev.wecomsync.sync.internal;

import dev.wecomsync.sync.SyncListener;
import dev.wecomsync.sync.SyncPhase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Passes progress to the host's {@link SyncListener}, ignoring what it throws. */
final class Progress {

    private static final Logger log = LoggerFactory.getLogger(Progress.class);

    private final SyncListener listener;

    Progress(SyncListener listener) {
        this.listener = listener;
    }

    void report(SyncPhase phase, long done, long total) {
        try {
            listener.onProgress(phase, done, total);
        } catch (RuntimeException e) {
            log.warn("SyncListener threw; ignoring it: {}", e.toString());
        }
    }
}
