package dev.wecomsync.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What one full sync did: the plan and why, what was written, what failed, what it cost.
 *
 * <p>{@link #changes()} lists the records one by one (what an operator audits); the counts stay
 * exact when that list is cut off at the engine's {@code changeLimit}. {@link #toString()} is a
 * summary for people and logs; it shows no secrets and no personal data.
 *
 * @param runId the run's id, as in {@link SyncRun#id()}
 * @param startedAt when the run started, on the engine's clock
 * @param duration how long it took
 * @param dryRun true when nothing was written ({@link WeComSync#dryRun()}); counts then say what
 *     would have been written
 * @param plan the plan that ran
 * @param planReason why that plan ran, in words (which secret answered what)
 * @param departments what happened to departments
 * @param users what happened to users
 * @param failures every read or write that failed, with ids and reasons; empty when none
 * @param deletionsWithheld why deletions were held back or skipped in this run; empty when every
 *     deletion that was due was made
 * @param apiCalls how many calls the engine made per WeCom API path (retries inside the client
 *     count once), sorted by path
 * @param changes every record created, updated, renamed, deleted, held back or failed, in the
 *     order the target was called (in a dry run: would have been); at most the engine's
 *     {@code changeLimit} entries
 * @param changesTruncated true when {@code changes} was cut off at that limit
 * @param quarantined true when so many reads or writes failed (more than the engine's
 *     {@code quarantineRatio}) that the run made no deletions and left the pending deletions alone
 * @param confirmationReads how many direct reads ({@code user/get}, {@code department/get}) the
 *     run made to confirm that records missing from the listing are gone; they are also counted
 *     in {@code apiCalls}
 * @param notices what an operator should know about the run as a whole, one line each: quarantined,
 *     the scope changed since the last run, deletions left for later runs; empty when none
 */
public record SyncReport(
        String runId,
        Instant startedAt,
        Duration duration,
        boolean dryRun,
        SyncPlan plan,
        String planReason,
        Counts departments,
        Counts users,
        List<Failure> failures,
        Optional<String> deletionsWithheld,
        Map<String, Long> apiCalls,
        List<RecordChange> changes,
        boolean changesTruncated,
        boolean quarantined,
        int confirmationReads,
        List<String> notices) {

    private static final int MAX_FAILURES_SHOWN = 20;

    public SyncReport {
        Objects.requireNonNull(runId, "runId == null");
        Objects.requireNonNull(startedAt, "startedAt == null");
        Objects.requireNonNull(duration, "duration == null");
        Objects.requireNonNull(plan, "plan == null");
        Objects.requireNonNull(planReason, "planReason == null");
        Objects.requireNonNull(departments, "departments == null");
        Objects.requireNonNull(users, "users == null");
        failures = List.copyOf(failures);
        Objects.requireNonNull(deletionsWithheld, "deletionsWithheld == null");
        apiCalls = Collections.unmodifiableMap(new TreeMap<>(apiCalls));
        changes = List.copyOf(changes);
        notices = List.copyOf(notices);
    }

    /** A report of a run that was not quarantined, made no confirmation reads and has no notices. */
    public SyncReport(String runId, Instant startedAt, Duration duration, boolean dryRun, SyncPlan plan,
            String planReason, Counts departments, Counts users, List<Failure> failures,
            Optional<String> deletionsWithheld, Map<String, Long> apiCalls, List<RecordChange> changes,
            boolean changesTruncated) {
        this(runId, startedAt, duration, dryRun, plan, planReason, departments, users, failures, deletionsWithheld,
                apiCalls, changes, changesTruncated, false, 0, List.of());
    }

    /** The entries of {@link #changes()} of this kind and type. */
    public List<RecordChange> changes(EntityKind kind, RecordChange.Type type) {
        return changes.stream().filter(c -> c.kind() == kind && c.type() == type).toList();
    }

    /** True when no read or write failed. */
    public boolean succeeded() {
        return failures.isEmpty();
    }

    /** How many records the target accepted (created, updated, renamed, deleted), both kinds. */
    public long writes() {
        return departments.writes() + users.writes();
    }

    /** The calls made to one API path, 0 when none. */
    public long apiCalls(String path) {
        return apiCalls.getOrDefault(path, 0L);
    }

    /**
     * Counts for one kind of record.
     *
     * @param created sent for the first time and accepted
     * @param updated changed since the last run, sent and accepted
     * @param unchanged read and found equal to what the target has; not sent
     * @param renamed userid changes passed to {@link SyncTarget#renameUser}
     * @param deleted gone from WeCom and deleted from the target
     * @param heldBack gone from WeCom's listing but not deleted: held by the guard or the delay,
     *     beyond the confirmation limit, or not confirmed by a direct read (see
     *     {@link SyncReport#deletionsWithheld()} and {@link PendingDeletion})
     * @param failed could not be read, or were in a batch the target refused
     */
    public record Counts(int created, int updated, int unchanged, int renamed, int deleted, int heldBack, int failed) {

        /** All zero. */
        public static final Counts ZERO = new Counts(0, 0, 0, 0, 0, 0, 0);

        /** Records the target accepted: created, updated, renamed and deleted. */
        public int writes() {
            return created + updated + renamed + deleted;
        }

        @Override
        public String toString() {
            return created + " created, " + updated + " updated, " + unchanged + " unchanged, "
                    + renamed + " renamed, " + deleted + " deleted, " + heldBack + " held back, "
                    + failed + " failed";
        }
    }

    /**
     * One thing that failed.
     *
     * @param kind the kind of record concerned
     * @param ids the records concerned (userids or department ids); empty when a whole listing failed
     * @param operation the WeCom API path that failed (like {@code user/get}) or the
     *     {@link SyncTarget} / {@link SyncStateStore} method that threw (like {@code upsertUsers})
     * @param reason what went wrong, with WeCom's errcode and hint when there is one
     */
    public record Failure(EntityKind kind, List<String> ids, String operation, String reason) {

        public Failure {
            Objects.requireNonNull(kind, "kind == null");
            ids = List.copyOf(ids);
            Objects.requireNonNull(operation, "operation == null");
            Objects.requireNonNull(reason, "reason == null");
        }

        @Override
        public String toString() {
            String what = ids.isEmpty() ? ""
                    : ids.size() <= 5 ? " " + ids : " " + ids.subList(0, 5) + " and " + (ids.size() - 5) + " more";
            return operation + " (" + kind.name().toLowerCase(java.util.Locale.ROOT) + what + "): " + reason;
        }
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        s.append(dryRun ? "Dry run " : "Full sync ").append(runId).append(": ")
                .append(succeeded() ? "succeeded" : failures.size() + " failure(s)")
                .append(" in ").append(duration.toMillis()).append(" ms\n");
        s.append("  plan:        ").append(plan).append(" (").append(planReason).append(")\n");
        s.append("  departments: ").append(departments).append('\n');
        s.append("  users:       ").append(users).append('\n');
        notices.forEach(notice -> s.append("  notice:      ").append(notice).append('\n'));
        deletionsWithheld.ifPresent(why -> s.append("  deletions:   ").append(why).append('\n'));
        if (confirmationReads > 0) {
            s.append("  confirmed:   ").append(confirmationReads).append(" read(s) to confirm deletions\n");
        }
        s.append("  api calls:   ");
        if (apiCalls.isEmpty()) {
            s.append("none");
        }
        String separator = "";
        for (Map.Entry<String, Long> e : apiCalls.entrySet()) {
            s.append(separator).append(e.getKey()).append(' ').append(e.getValue());
            separator = ", ";
        }
        s.append('\n');
        s.append("  changes:     ").append(changes.size()).append(changes.size() == 1 ? " record" : " records")
                .append(changesTruncated ? " listed (truncated; the counts are complete)" : " listed").append('\n');
        for (int i = 0; i < failures.size() && i < MAX_FAILURES_SHOWN; i++) {
            s.append("  failed:      ").append(failures.get(i)).append('\n');
        }
        if (failures.size() > MAX_FAILURES_SHOWN) {
            s.append("  ... and ").append(failures.size() - MAX_FAILURES_SHOWN).append(" more failures\n");
        }
        return s.toString().stripTrailing();
    }
}
