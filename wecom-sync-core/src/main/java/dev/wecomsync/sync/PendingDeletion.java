package dev.wecomsync.sync;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * A record the target has that WeCom's listing no longer shows, and that has not been deleted
 * yet: an entry of {@link WeComSync#pendingDeletions()}.
 *
 * <p>Pending deletions are kept in the state store (see {@link DeletionStateStore}), so they
 * survive restarts and every instance of a cluster sees the same ones. A record that shows up
 * again (a rehire, a scope restored) is dropped from the list and was never deleted.
 *
 * <h2>Keys</h2>
 * A pending deletion is named by {@link #key()}: the kind and the id, like {@code "user:zhangsan"}
 * or {@code "department:9"}; {@link WeComSync#approveDeletions} takes these keys.
 *
 * @param kind user or department
 * @param id the userid as the target has it, or the department id in decimal
 * @param since when a full sync first found it missing, on the engine's clock
 * @param reason why it is not deleted yet
 * @param detail the reason in words (the answer of the confirmation read, the guard's figures…)
 * @param approved true when {@link WeComSync#approveDeletions} let it through the guard and the delay
 */
public record PendingDeletion(EntityKind kind, String id, Instant since, Reason reason, String detail,
        boolean approved) {

    /** Why a deletion waits. */
    public enum Reason {
        /** Missing for less than {@code deletionDelay}; deleted by the first run after it if still missing. */
        DELAY,
        /** Held back by the {@link DeletionGuard}: too many at once; waits for an approval. */
        GUARD,
        /**
         * The confirmation read could not say it is gone: outside the app's visible scope (60011),
         * forbidden, or a failure. Tried again next run; never deleted without a read that confirms.
         */
        UNCONFIRMED,
        /** More deletions were due than one run confirms ({@code confirmationLimit}); a later run reads it. */
        CONFIRMATION_LIMIT
    }

    public PendingDeletion {
        Objects.requireNonNull(kind, "kind == null");
        Objects.requireNonNull(id, "id == null");
        Objects.requireNonNull(since, "since == null");
        Objects.requireNonNull(reason, "reason == null");
        Objects.requireNonNull(detail, "detail == null");
    }

    /** {@code "user:" + id} or {@code "department:" + id}. */
    public String key() {
        return key(kind, id);
    }

    /** The key of a record of {@code kind} with {@code id}. */
    public static String key(EntityKind kind, String id) {
        return kind.name().toLowerCase(Locale.ROOT) + ":" + id;
    }

    /** This entry with another reason and detail, approval and since kept. */
    public PendingDeletion withReason(Reason newReason, String newDetail) {
        return new PendingDeletion(kind, id, since, newReason, newDetail, approved);
    }

    /** This entry, approved. */
    public PendingDeletion approve() {
        return new PendingDeletion(kind, id, since, reason, detail, true);
    }

    @Override
    public String toString() {
        return key() + " since " + since + ": " + reason + (approved ? " (approved)" : "") + " - " + detail;
    }
}
