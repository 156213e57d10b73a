package dev.wecomsync.sync.internal;

import dev.wecomsync.model.User;
import dev.wecomsync.sync.EntityKind;
import dev.wecomsync.sync.Fingerprint;
import dev.wecomsync.sync.SyncStateStore;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state store's content at the start of a full sync, keyed for lookups: users by normalized
 * userid (WeCom compares userids ignoring case), departments by id.
 */
final class StateSnapshot {

    private static final Logger log = LoggerFactory.getLogger(StateSnapshot.class);

    /** A user as the target has it: the userid it was given, and the fingerprint. */
    record UserEntry(String storedId, Fingerprint fingerprint) {
    }

    final Map<String, UserEntry> users;
    final Map<Long, Fingerprint> departments;

    private StateSnapshot(Map<String, UserEntry> users, Map<Long, Fingerprint> departments) {
        this.users = users;
        this.departments = departments;
    }

    static StateSnapshot read(SyncStateStore store) {
        Map<String, UserEntry> users = new HashMap<>();
        store.read(EntityKind.USER).forEach((id, fp) -> {
            UserEntry previous = users.putIfAbsent(User.normalizeUserId(id), new UserEntry(id, fp));
            if (previous != null) {
                log.warn("state store holds userids that differ only in case; keeping one of them");
            }
        });
        Map<Long, Fingerprint> departments = new HashMap<>();
        store.read(EntityKind.DEPARTMENT).forEach((id, fp) -> {
            try {
                departments.put(Long.parseLong(id), fp);
            } catch (NumberFormatException e) {
                log.warn("state store holds a department id that is not a number; ignoring it");
            }
        });
        return new StateSnapshot(users, departments);
    }
}
