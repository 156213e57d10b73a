package dev.wecomsync.jdbc;

import static java.util.Objects.requireNonNull;

import dev.wecomsync.jdbc.internal.Database;
import dev.wecomsync.jdbc.internal.HistoryRows;
import dev.wecomsync.sync.RecordChange;
import dev.wecomsync.sync.SyncHistory;
import dev.wecomsync.sync.SyncReport;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A {@link SyncHistory} in three tables of the host's database: what each full sync did, kept for
 * a while, shared by the instances of a cluster.
 *
 * <pre>{@code
 * SyncHistory history = JdbcSyncHistory.builder()
 *     .dataSource(dataSource)
 *     .keepRuns(500)                  // default 1,000
 *     .keepFor(Duration.ofDays(30))   // default 90 days
 *     .build();
 * WeComSync sync = WeComSync.builder().client(client).target(target).history(history).build();
 * sync.fullSync();
 * for (SyncHistory.Run run : history.recentRuns(20)) {
 *     System.out.println(run.id() + " " + run.outcome() + " " + run.users());
 * }
 * }</pre>
 *
 * <h2>Rows</h2>
 * One row of {@code <prefix>run} per recorded run: its id, {@link Builder#scope scope}, start and
 * end (epoch milliseconds), outcome, plan and reason, the counts per kind, the withheld-deletions
 * line and the notices. Its failures are rows of {@code <prefix>run_failure} (at most
 * {@value #MAX_FAILURES} per run; {@link Run#failuresLeftOut()} counts the rest), and its changes
 * rows of {@code <prefix>run_change} (at most {@link Builder#maxChangesPerRun maxChangesPerRun};
 * {@link Run#changesLeftOut()} counts the rest): kind, type, id, previous id, the names of the
 * changed fields and the reason, never field values. Changes are written with multi-row
 * {@code INSERT}s, a few statements per run. Long texts are cut to the column sizes.
 *
 * <h2>Retention</h2>
 * Each {@link #record} keeps, per scope, the newest {@link Builder#keepRuns keepRuns} runs that
 * started within {@link Builder#keepFor keepFor} (on the history's clock), and deletes the other
 * runs with their changes and failures, in the transaction that inserts the new run.
 *
 * <p>Thread-safe. Every method throws {@link JdbcStoreException} when the database fails; the
 * engine logs such a failure of {@link #record} and goes on.
 */
public final class JdbcSyncHistory implements SyncHistory {

    /** The scope unless the builder says otherwise. */
    public static final String DEFAULT_SCOPE = "default";
    /** The most failures of one run that are kept. */
    public static final int MAX_FAILURES = 1_000;

    private final Database db;
    private final HistoryRows rows;
    private final String scope;
    private final int maxChanges;
    private final int keepRuns;
    private final Duration keepFor;
    private final Clock clock;

    private JdbcSyncHistory(Builder b) {
        this.db = new Database(b.dataSource, b.dialect, "JdbcSyncHistory");
        this.rows = new HistoryRows(b.tablePrefix, b.scope);
        this.scope = b.scope;
        this.maxChanges = b.maxChanges;
        this.keepRuns = b.keepRuns;
        this.keepFor = b.keepFor;
        this.clock = b.clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Keeps the report (the first {@code maxChangesPerRun} changes and {@value #MAX_FAILURES}
     * failures) and deletes the runs the retention no longer keeps, in one transaction. A report
     * whose run id is kept already changes nothing.
     *
     * @throws IllegalArgumentException when the run id is longer than 64 characters
     */
    @Override
    public void record(SyncReport report) {
        requireNonNull(report, "report == null");
        if (report.runId().length() > 64) {
            throw new IllegalArgumentException("runId longer than 64 characters: " + report.runId().length());
        }
        Run whole = Run.of(report, maxChanges);
        List<SyncReport.Failure> failures = report.failures();
        int failuresLeftOut = Math.max(0, failures.size() - MAX_FAILURES);
        Run run = new Run(whole.id(), whole.startedAt(), whole.finishedAt(), whole.outcome(), whole.dryRun(),
                whole.plan(), whole.planReason(), whole.departments(), whole.users(), List.of(), failuresLeftOut,
                whole.deletionsWithheld(), whole.notices(), whole.changesKept(), whole.changesLeftOut(),
                whole.changesTruncated());
        List<SyncReport.Failure> keptFailures = failures.subList(0, failures.size() - failuresLeftOut);
        List<RecordChange> keptChanges = report.changes().subList(0, run.changesKept());
        long cutoff = cutoff();
        db.transaction("record run " + run.id() + " into " + rows.runTable(), c -> {
            if (rows.insert(c, run, keptFailures, keptChanges)) {
                rows.delete(c, rows.expired(c, keepRuns, cutoff));
            }
            return null;
        });
    }

    /** Epoch milliseconds before which runs are too old; saturates for very long {@code keepFor}s. */
    private long cutoff() {
        long now = clock.millis();
        long age;
        try {
            age = keepFor.toMillis();
        } catch (ArithmeticException e) {
            return Long.MIN_VALUE;
        }
        return now - age > now ? Long.MIN_VALUE : now - age;
    }

    /** @throws IllegalArgumentException when {@code limit} is below 1 */
    @Override
    public List<Run> recentRuns(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit < 1: " + limit);
        }
        return db.run("read the last " + limit + " runs from " + rows.runTable(), c -> rows.read(c, null, limit));
    }

    @Override
    public Optional<Run> run(String runId) {
        requireNonNull(runId, "runId == null");
        return db.run("read run " + runId + " from " + rows.runTable(),
                c -> rows.read(c, runId, 1).stream().findFirst());
    }

    @Override
    public List<RecordChange> changes(String runId) {
        requireNonNull(runId, "runId == null");
        return db.run("read the changes of run " + runId + " from " + rows.runTable(), c -> rows.changes(c, runId));
    }

    @Override
    public String toString() {
        return "JdbcSyncHistory[table=" + rows.runTable() + ", scope=" + scope + ", keepRuns=" + keepRuns
                + ", keepFor=" + keepFor + ", maxChangesPerRun=" + maxChanges + ", dialect=" + db + "]";
    }

    /** Configures a {@link JdbcSyncHistory}; only the data source is required. */
    public static final class Builder extends JdbcStoreBuilder<Builder> {
        private String scope = DEFAULT_SCOPE;
        private int maxChanges = 10_000;
        private int keepRuns = 1_000;
        private Duration keepFor = Duration.ofDays(90);
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /** Whose runs these are, 1 to 64 characters (one per {@code WeComSync}); default {@value #DEFAULT_SCOPE}. */
        public Builder scope(String scope) {
            requireNonNull(scope, "scope == null");
            if (scope.isEmpty() || scope.length() > 64) {
                throw new IllegalArgumentException("scope must be 1 to 64 characters");
            }
            this.scope = scope;
            return this;
        }

        /** The most changes kept per run, 0 for none; default 10,000. The counts are always kept whole. */
        public Builder maxChangesPerRun(int maxChanges) {
            if (maxChanges < 0) throw new IllegalArgumentException("maxChangesPerRun < 0: " + maxChanges);
            this.maxChanges = maxChanges;
            return this;
        }

        /** How many runs of the scope are kept, newest first, at least 1; default 1,000. */
        public Builder keepRuns(int keepRuns) {
            if (keepRuns < 1) throw new IllegalArgumentException("keepRuns < 1: " + keepRuns);
            this.keepRuns = keepRuns;
            return this;
        }

        /**
         * How long a run is kept after it started; default 90 days. For a retention by count alone,
         * give a long time, like {@code Duration.ofDays(36_500)}.
         */
        public Builder keepFor(Duration keepFor) {
            requireNonNull(keepFor, "keepFor == null");
            if (keepFor.isNegative() || keepFor.isZero()) {
                throw new IllegalArgumentException("keepFor must be positive: " + keepFor);
            }
            this.keepFor = keepFor;
            return this;
        }

        /** The clock the retention's {@code keepFor} is measured on; default the system clock. */
        public Builder clock(Clock clock) {
            this.clock = requireNonNull(clock, "clock == null");
            return this;
        }

        public JdbcSyncHistory build() {
            prepare();
            return new JdbcSyncHistory(this);
        }
    }
}
