package dev.wecomsync.sync.internal;

import dev.wecomsync.model.Department;
import dev.wecomsync.model.User;
import dev.wecomsync.sync.EntityKind;
import dev.wecomsync.sync.Fingerprint;
import dev.wecomsync.sync.RecordChange;
import java.util.List;

/**
 * A record read from WeCom, compared with what the target last accepted: what the {@link Writer}
 * is asked to write.
 *
 * @param record the {@link User} or {@link Department}
 * @param id the id the target gets it under
 * @param fingerprint the record's fingerprint now
 * @param prior what the target last accepted; null when the target does not have the record
 * @param renameFrom the userid the target has the user under, when it differs (in case only); else null
 */
record Change(EntityKind kind, Record record, String id, Fingerprint fingerprint, Fingerprint prior, String renameFrom) {

    /** Compares a department with its stored fingerprint (null when none). */
    static Change of(Department department, Fingerprint prior) {
        return new Change(EntityKind.DEPARTMENT, department, Long.toString(department.id()), Fingerprint.of(department),
                prior, null);
    }

    /** Compares a user with the target's entry for the same userid ignoring case (null when none). */
    static Change of(User user, StateSnapshot.UserEntry prior) {
        String renameFrom = prior != null && !prior.storedId().equals(user.userId()) ? prior.storedId() : null;
        return new Change(EntityKind.USER, user, user.userId(), Fingerprint.of(user),
                prior == null ? null : prior.fingerprint(), renameFrom);
    }

    /** True when the target must be sent the record (it is new or some field differs). */
    boolean fieldsChanged() {
        return prior == null || !prior.equals(fingerprint);
    }

    RecordChange.Type type() {
        return prior == null ? RecordChange.Type.CREATED : RecordChange.Type.UPDATED;
    }

    /** The change-log entry for writing this record. */
    RecordChange toRecordChange() {
        List<String> fields = prior == null ? fingerprint.presentFields() : fingerprint.changedFields(prior);
        return record instanceof User u ? RecordChange.of(u, type(), fields)
                : RecordChange.of((Department) record, type(), fields);
    }
}
