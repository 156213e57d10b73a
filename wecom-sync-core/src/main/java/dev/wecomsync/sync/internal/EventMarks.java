package dev.wecomsync.sync.internal;

import dev.wecomsync.model.User;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records written by events while a full sync runs. The full sync read those records before the
 * event did, so its copy may be older: it leaves them alone and the event's write stands.
 */
final class EventMarks {

    private final Set<String> marks = ConcurrentHashMap.newKeySet();
    private volatile boolean fullSyncRunning;

    void fullSyncStarted() {
        marks.clear();
        fullSyncRunning = true;
    }

    void fullSyncFinished() {
        fullSyncRunning = false;
        marks.clear();
    }

    void userWritten(String userId) {
        if (fullSyncRunning) {
            marks.add("u:" + User.normalizeUserId(userId));
        }
    }

    void departmentWritten(long id) {
        if (fullSyncRunning) {
            marks.add("d:" + id);
        }
    }

    boolean userTouched(String normalizedUserId) {
        return !marks.isEmpty() && marks.contains("u:" + normalizedUserId);
    }

    boolean departmentTouched(long id) {
        return !marks.isEmpty() && marks.contains("d:" + id);
    }
}
