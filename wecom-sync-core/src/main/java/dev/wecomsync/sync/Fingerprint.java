package dev.wecomsync.sync;

import dev.wecomsync.model.Department;
import dev.wecomsync.model.User;
import dev.wecomsync.sync.internal.Fingerprints;
import java.util.Objects;

/**
 * The fingerprints the engine keeps in a {@link SyncStateStore}, for targets that write their
 * state themselves.
 *
 * <p>A {@link SyncTarget} that also implements {@link SyncStateStore} can store a record's
 * fingerprint in the same transaction as the record: compute it here in
 * {@link SyncTarget#upsertUsers} / {@link SyncTarget#upsertDepartments}, and the engine's later
 * {@link SyncStateStore#put} writes the very same value again. The value is opaque; store it
 * verbatim.
 */
public final class Fingerprint {

    private Fingerprint() {
    }

    /** The fingerprint the engine computes for this user (the userid is not part of it). */
    public static String of(User user) {
        return Fingerprints.user(Objects.requireNonNull(user, "user == null"));
    }

    /** The fingerprint the engine computes for this department (the id is not part of it). */
    public static String of(Department department) {
        return Fingerprints.department(Objects.requireNonNull(department, "department == null"));
    }
}
