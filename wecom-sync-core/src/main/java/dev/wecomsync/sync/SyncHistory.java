package dev.wecomsync.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the reports of full syncs and their change logs are kept, so that an operator can look
 * back at what each run did: {@link #recentRuns(int)} and {@link #changes(String)}.
 *
 * <pre>{@code
 * WeComSync sync = WeComSync.builder()
 *     .client(client).target(target)
 *     .history(JdbcSyncHistory.builder().dataSource(dataSource).createTables(true).build())
 *     .build();
 * }</pre>
 *
 * <h2>What the engine records</h2>
 * {@link WeComSync} calls {@link #record} once after each {@link WeComSync#fullSync()} that
 * produced a report (also one with failures), on the thread that ran it, after
 * {@link SyncTarget#onSyncFinished}, while it still holds the {@link SyncLock}. Dry runs are not
 * recorded: they change nothing, and an operator who runs them often would push real runs out of
 * the retention. A run that throws ({@link SyncTarget#onSyncStarted} threw, the thread was
 * interrupted, another run held the lock) has no report and no entry.
 *
 * <h2>Failures</h2>
 * An exception thrown by {@link #record} is logged at WARN and otherwise ignored: the sync has
 * already happened and its report is still returned. Reads may throw.
 *
 * <h2>Personal data</h2>
 * Implementations keep what {@link SyncReport#toString()} and {@link RecordChange#toString()}
 * show (ids, types, field names, reasons), never field values: the changes they return have an
 * empty {@link RecordChange#user()} and {@link RecordChange#department()}.
 */
public interface SyncHistory {

    /**
     * Keeps this report and its {@link SyncReport#changes()}, and applies the retention. Recording a
     * report whose {@link SyncReport#runId()} is already kept changes nothing.
     */
    void record(SyncReport report);

    /** The last {@code limit} runs kept, newest first; empty when none. */
    List<Run> recentRuns(int limit);

    /** The run with this id; empty when it was never recorded or was deleted by the retention. */
    Optional<Run> run(String runId);

    /**
     * The changes kept for this run, in the order the report listed them, without field values;
     * empty when the run made none or is unknown (tell the two apart with {@link #run}).
     */
    List<RecordChange> changes(String runId);

    /** How a run ended, for one-word summaries. */
    enum Outcome {
        /** Every read and write succeeded. */
        SUCCEEDED,
        /** Some reads or writes failed (see {@link Run#failures()}); what succeeded was written. */
        FAILED,
        /**
         * So many reads or writes failed that the run made no deletions and left the pending
         * deletions alone ({@link SyncReport#quarantined()}).
         */
        QUARANTINED;

        /** The outcome of this report. */
        public static Outcome of(SyncReport report) {
            if (report.quarantined()) {
                return QUARANTINED;
            }
            return report.succeeded() ? SUCCEEDED : FAILED;
        }
    }

    /**
     * One recorded run: its report without the change list.
     *
     * @param id the run's id, {@link SyncReport#runId()}
     * @param startedAt when it started, on the engine's clock
     * @param finishedAt when it ended: {@code startedAt} plus the report's duration
     * @param outcome how it ended
     * @param dryRun true for a dry run's report (the engine records none; a host may)
     * @param plan the plan that ran
     * @param planReason why that plan ran
     * @param departments what happened to departments
     * @param users what happened to users
     * @param failures what failed; an implementation may keep only the first ones
     * @param failuresLeftOut how many of the report's failures the history did not keep
     * @param deletionsWithheld why deletions were held back or skipped; empty when none were
     * @param notices the report's notices, one line each
     * @param changesKept how many entries {@link SyncHistory#changes} returns for this run
     * @param changesLeftOut how many of the report's entries the history did not keep (its bound)
     * @param changesTruncated true when the kept list is incomplete: cut by the history's bound
     *     or already by the engine's {@code changeLimit}; the counts are exact either way
     */
    record Run(String id, Instant startedAt, Instant finishedAt, Outcome outcome, boolean dryRun, SyncPlan plan,
            String planReason, SyncReport.Counts departments, SyncReport.Counts users,
            List<SyncReport.Failure> failures, int failuresLeftOut, Optional<String> deletionsWithheld,
            List<String> notices, int changesKept, int changesLeftOut, boolean changesTruncated) {

        public Run {
            Objects.requireNonNull(id, "id == null");
            Objects.requireNonNull(startedAt, "startedAt == null");
            Objects.requireNonNull(finishedAt, "finishedAt == null");
            Objects.requireNonNull(outcome, "outcome == null");
            Objects.requireNonNull(plan, "plan == null");
            Objects.requireNonNull(planReason, "planReason == null");
            Objects.requireNonNull(departments, "departments == null");
            Objects.requireNonNull(users, "users == null");
            failures = List.copyOf(failures);
            Objects.requireNonNull(deletionsWithheld, "deletionsWithheld == null");
            notices = List.copyOf(notices);
            if (failuresLeftOut < 0 || changesKept < 0 || changesLeftOut < 0) {
                throw new IllegalArgumentException("negative count: " + failuresLeftOut + ", " + changesKept + ", "
                        + changesLeftOut);
            }
        }

        /**
         * The run of this report with at most {@code maxChanges} of its changes kept, as an
         * implementation that bounds the change log records it; every failure is kept.
         */
        public static Run of(SyncReport report, int maxChanges) {
            if (maxChanges < 0) {
                throw new IllegalArgumentException("maxChanges < 0: " + maxChanges);
            }
            int listed = report.changes().size();
            int kept = Math.min(listed, maxChanges);
            return new Run(report.runId(), report.startedAt(), report.startedAt().plus(report.duration()),
                    Outcome.of(report), report.dryRun(), report.plan(), report.planReason(), report.departments(),
                    report.users(), report.failures(), 0, report.deletionsWithheld(), report.notices(), kept,
                    listed - kept, report.changesTruncated() || kept < listed);
        }

        /** How long the run took. */
        public Duration duration() {
            return Duration.between(startedAt, finishedAt);
        }
    }
}
