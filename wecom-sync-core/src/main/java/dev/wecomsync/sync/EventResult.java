package dev.wecomsync.sync;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@link WeComSync#apply} did with one callback event, or {@link WeComSync#syncUser} /
 * {@link WeComSync#syncDepartment} with one record.
 *
 * @param outcome what happened
 * @param kind the kind of record the event was about; empty for events the engine ignores
 * @param id the userid or department id the event was about (after a rename: the new userid);
 *     empty string for ignored events
 * @param renamedFrom the old userid when the event renamed a user (and the target was told first)
 * @param detail a short explanation for people and logs
 */
public record EventResult(Outcome outcome, Optional<EntityKind> kind, String id, Optional<String> renamedFrom,
        String detail) {

    /** What happened to the record an event was about. */
    public enum Outcome {
        /** Re-read from WeCom and sent to the target for the first time. */
        CREATED,
        /** Re-read from WeCom, different from what the target had, sent. */
        UPDATED,
        /**
         * Re-read from WeCom, equal to what the target had: nothing sent. Also a record WeCom does not
         * have and the target never had (nothing to delete).
         */
        UNCHANGED,
        /** The target was told the userid changed ({@code renameUser}); the re-read record was otherwise equal. */
        RENAMED,
        /** WeCom says the record does not exist; deleted from the target. */
        DELETED,
        /** The record could not be read (for example outside the visible scope: 60011); nothing was changed. */
        SKIPPED,
        /** An event the engine does not sync (tags, batch jobs, unknown events). */
        IGNORED
    }

    public EventResult {
        Objects.requireNonNull(outcome, "outcome == null");
        Objects.requireNonNull(kind, "kind == null");
        Objects.requireNonNull(id, "id == null");
        Objects.requireNonNull(renamedFrom, "renamedFrom == null");
        Objects.requireNonNull(detail, "detail == null");
    }

    /**
     * True when the target was called (created, updated, renamed or deleted). A rename whose re-read
     * also changed fields is {@link Outcome#UPDATED} with {@link #renamedFrom()} present.
     */
    public boolean changed() {
        return outcome == Outcome.CREATED || outcome == Outcome.UPDATED || outcome == Outcome.DELETED
                || outcome == Outcome.RENAMED || renamedFrom.isPresent();
    }
}
