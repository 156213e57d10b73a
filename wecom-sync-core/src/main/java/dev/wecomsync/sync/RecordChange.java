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
 * <p>{@link #reason()} says, for {@link Type#HELD_BACK} and {@link Type#UNCONFIRMED}, why the
 * record was not deleted (the guard, the delay, the answer of the confirmation read), and for
 * {@link Type#SKIPPED} why it was not written.
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
 * @param reason why a deletion or write was not made; empty for other types
 */
public record RecordChange(EntityKind kind, String id, Type type, Optional<String> previousId,
        List<String> changedFields, Optional<User> user, Optional<Department> department, Optional<String> reason) {

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
        /**
         * Gone from WeCom's listing but not deleted: held by the deletion guard, waiting out the
         * deletion delay, beyond the confirmation limit, or in a quarantined run (see
         * {@link #reason()} and {@link SyncReport#deletionsWithheld()}).
         */
        HELD_BACK,
        /** Could not be read, or was in a target call that threw: see {@link SyncReport#failures()}. */
        FAILED,
        /**
         * Gone from WeCom's listing, but the direct read meant to confirm it answered something
         * other than "does not exist" (outside the visible scope, 60011; forbidden; a failure), so
         * it was not deleted; {@link #reason()} has the answer. Stays a pending deletion.
         */
        UNCONFIRMED,
        /**
         * Read by a full sync but not written (nor deleted): another writer, usually an event
         * applied on another instance, changed the record in the state store after this run read
         * its state, so this run's copy may be the older one and the other write stands;
         * {@link #reason()} says so. Not counted in {@link SyncReport.Counts}; a
         * {@link SyncReport#notices() notice} gives the number. The next full sync compares the
         * record again.
         */
        SKIPPED
    }

    /** A change with no {@link #reason()}. */
    public RecordChange(EntityKind kind, String id, Type type, Optional<String> previousId, List<String> changedFields,
            Optional<User> user, Optional<Department> department) {
        this(kind, id, type, previousId, changedFields, user, department, Optional.empty());
    }

    public RecordChange {
        Objects.requireNonNull(kind, "kind == null");
        Objects.requireNonNull(id, "id == null");
        Objects.requireNonNull(type, "type == null");
        Objects.requireNonNull(previousId, "previousId == null");
        changedFields = List.copyOf(changedFields);
        Objects.requireNonNull(user, "user == null");
        Objects.requireNonNull(department, "department == null");
        Objects.requireNonNull(reason, "reason == null");
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

    /** A deletion not made, known by its id, and why. */
    public static RecordChange notDeleted(EntityKind kind, String id, Type type, String reason) {
        return new RecordChange(kind, id, type, Optional.empty(), List.of(), Optional.empty(), Optional.empty(),
                Optional.of(reason));
    }

    /** A userid change from {@code previousId} to {@code id}. */
    public static RecordChange renamed(String previousId, String id, Type type, Optional<User> user) {
        return new RecordChange(EntityKind.USER, id, type, Optional.of(previousId), List.of("userId"), user,
                Optional.empty());
    }

    @Override
    public String toString() {
        return type + " " + kind.name().toLowerCase(Locale.ROOT) + " " + previousId.map(p -> p + " -> ").orElse("")
                + id + (changedFields.isEmpty() ? "" : " " + changedFields) + reason.map(r -> ": " + r).orElse("");
    }
}
