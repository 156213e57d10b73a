package dev.wecomsync.sync;

import dev.wecomsync.model.Department;
import dev.wecomsync.model.User;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One record a sync created, updated, renamed, deleted, held back or failed: an entry of
 * {@link SyncReport#changes()}, the run's change log.
 *
 * <p>{@link #changedFields()} names the {@link User} or {@link Department} components that differ
 * from what the target last accepted: for {@link Type#CREATED} the components the new record has
 * (not null, not an empty list); for {@link Type#UPDATED} those whose values changed; for
 * {@link Type#RENAMED} {@code "userId"} (a rename whose other fields changed too is followed by an
 * {@code UPDATED} entry); for a {@link Type#FAILED} write those it would have changed. Deletions,
 * held-back deletions and failed reads name none.
 *
 * <p>{@link #toString()} shows the kind, type, ids and field names, never field values.
 *
 * @param kind user or department
 * @param id the userid (after a rename: the new one) or the department id in decimal
 * @param type what happened
 * @param previousId the old userid of a rename; empty otherwise
 * @param changedFields component names, in declaration order; never null
 * @param user the user as WeCom has it now, for user changes that read one; empty otherwise
 * @param department the department as WeCom has it now, for department changes that read one;
 *     empty otherwise
 */
public record RecordChange(EntityKind kind, String id, Type type, Optional<String> previousId,
        List<String> changedFields, Optional<User> user, Optional<Department> department) {

    /** What happened to the record. */
    public enum Type {
        /** New to the target; sent and accepted (or, in a dry run, would be). */
        CREATED,
        /** Different from what the target had; sent and accepted. */
        UPDATED,
        /** The userid changed; {@link SyncTarget#renameUser} accepted it. */
        RENAMED,
        /** Gone from WeCom; deleted from the target. */
        DELETED,
        /** Gone from WeCom but not deleted: see {@link SyncReport#deletionsWithheld()}. */
        HELD_BACK,
        /** Could not be read, or was in a target call that threw: see {@link SyncReport#failures()}. */
        FAILED
    }

    public RecordChange {
        Objects.requireNonNull(kind, "kind == null");
        Objects.requireNonNull(id, "id == null");
        Objects.requireNonNull(type, "type == null");
        Objects.requireNonNull(previousId, "previousId == null");
        changedFields = List.copyOf(changedFields);
        Objects.requireNonNull(user, "user == null");
        Objects.requireNonNull(department, "department == null");
    }

    /** A change to a user. */
    public static RecordChange of(User user, Type type, List<String> changedFields) {
        return new RecordChange(EntityKind.USER, user.userId(), type, Optional.empty(), changedFields,
                Optional.of(user), Optional.empty());
    }

    /** A change to a department. */
    public static RecordChange of(Department department, Type type, List<String> changedFields) {
        return new RecordChange(EntityKind.DEPARTMENT, Long.toString(department.id()), type, Optional.empty(),
                changedFields, Optional.empty(), Optional.of(department));
    }

    /** A change known only by its id (a deletion, a failed read). */
    public static RecordChange of(EntityKind kind, String id, Type type) {
        return new RecordChange(kind, id, type, Optional.empty(), List.of(), Optional.empty(), Optional.empty());
    }

    /** A userid change from {@code previousId} to {@code id}. */
    public static RecordChange renamed(String previousId, String id, Type type, Optional<User> user) {
        return new RecordChange(EntityKind.USER, id, type, Optional.of(previousId), List.of("userId"), user,
                Optional.empty());
    }

    @Override
    public String toString() {
        return type + " " + kind.name().toLowerCase(Locale.ROOT) + " " + previousId.map(p -> p + " -> ").orElse("")
                + id + (changedFields.isEmpty() ? "" : " " + changedFields);
    }
}
