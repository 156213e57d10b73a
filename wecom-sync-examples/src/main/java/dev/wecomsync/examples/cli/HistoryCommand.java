package dev.wecomsync.examples.cli;

import dev.wecomsync.jdbc.JdbcSchema;
import dev.wecomsync.jdbc.JdbcStoreException;
import dev.wecomsync.jdbc.JdbcSyncHistory;
import dev.wecomsync.sync.RecordChange;
import dev.wecomsync.sync.SyncHistory;
import dev.wecomsync.sync.SyncHistory.Run;
import dev.wecomsync.sync.SyncReport;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code wecom-sync history [RUN_ID]}: the full syncs that {@code sync} and {@code serve} recorded
 * in a {@link JdbcSyncHistory} in the same database (tables {@code wecom_sync_run*}, one history per
 * {@code --table-prefix}), or one run's changes.
 */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = {"Lists the full syncs that `sync` and `serve` recorded, newest first, one line each:",
                "run id, start (UTC), duration, outcome, counts. With RUN_ID: that run's changes, one line",
                "each (type, kind, id, changed fields; never values), then its failures. Dry runs are not",
                "recorded. Exit code 0; 2 when RUN_ID is not in the history."})
final class HistoryCommand implements Callable<Integer> {

    @ParentCommand
    WeComSyncCommand root;

    @Mixin
    DatabaseOptions database;

    @Parameters(paramLabel = "RUN_ID", arity = "0..1", description = "A run id as the list shows it.")
    String runId;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
            description = "How many runs to list (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
        PrintStream out = root.out();
        if (limit < 1) {
            throw new UsageException("--limit must be at least 1, like --limit 20; got " + limit);
        }
        String url = database.url(root, false);
        if (DatabaseOptions.isMissingH2File(url)) {
            out.println("No full syncs recorded yet (`wecom-sync sync` and `serve` record theirs).");
            return 0;
        }
        try (DatabasePool pool = database.open(root, false)) {
            DataSource dataSource = pool.dataSource();
            boolean recorded = tableExists(dataSource, JdbcSchema.DEFAULT_PREFIX + "run");
            if (runId != null) {
                Optional<Run> run = recorded ? history(dataSource).run(runId) : Optional.empty();
                if (run.isEmpty()) {
                    throw new UsageException("no run " + runId
                            + " in the history; `wecom-sync history` lists the recent runs");
                }
                printRun(out, run.get(), history(dataSource).changes(runId));
                return 0;
            }
            List<Run> runs = recorded ? history(dataSource).recentRuns(limit) : List.of();
            if (runs.isEmpty()) {
                out.println("No full syncs recorded yet (`wecom-sync sync` and `serve` record theirs).");
                return 0;
            }
            out.println(runs.size() + " full sync(s), newest first:");
            runs.forEach(run -> out.println("  " + line(run)));
            out.println("Changes of one run: wecom-sync history RUN_ID");
            return 0;
        }
    }

    /**
     * The history {@code sync} and {@code serve} record into, its tables created when missing; empty
     * (with a warning printed) when they cannot be created, for the sync to go on unrecorded.
     */
    static Optional<SyncHistory> recorder(DataSource dataSource, DatabaseOptions database, PrintStream out) {
        try {
            return Optional.of(JdbcSyncHistory.builder().dataSource(dataSource).scope(database.tablePrefix)
                    .createTables(true).build());
        } catch (JdbcStoreException e) {
            out.println("warning: this run is not recorded in the history: " + e.getMessage());
            return Optional.empty();
        }
    }

    private JdbcSyncHistory history(DataSource dataSource) {
        return JdbcSyncHistory.builder().dataSource(dataSource).scope(database.tablePrefix).build();
    }

    private static boolean tableExists(DataSource dataSource, String table) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeQuery("SELECT COUNT(*) FROM " + table + " WHERE 1 = 0").close();
            return true;
        } catch (SQLException missing) {
            return false;
        }
    }

    /** id, start, duration, outcome, counts. */
    static String line(Run run) {
        return run.id() + "  " + run.startedAt().truncatedTo(ChronoUnit.SECONDS) + "  "
                + run.duration().toMillis() + " ms  " + outcome(run) + "  departments: " + counts(run.departments())
                + "; users: " + counts(run.users());
    }

    private static String outcome(Run run) {
        String word = run.outcome().name().toLowerCase(Locale.ROOT);
        int failures = run.failures().size() + run.failuresLeftOut();
        return failures == 0 ? word : word + " (" + failures + (failures == 1 ? " failure)" : " failures)");
    }

    /** The counts that are not zero, like "50 created, 1 failed"; "none" when all are. */
    static String counts(SyncReport.Counts c) {
        List<String> parts = new ArrayList<>();
        add(parts, c.created(), "created");
        add(parts, c.updated(), "updated");
        add(parts, c.unchanged(), "unchanged");
        add(parts, c.renamed(), "renamed");
        add(parts, c.deleted(), "deleted");
        add(parts, c.heldBack(), "held back");
        add(parts, c.failed(), "failed");
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }

    private static void add(List<String> parts, int n, String what) {
        if (n > 0) {
            parts.add(n + " " + what);
        }
    }

    private static void printRun(PrintStream out, Run run, List<RecordChange> changes) {
        out.println("Full sync " + line(run));
        out.println("  plan: " + run.plan() + " (" + run.planReason() + ")");
        run.notices().forEach(notice -> out.println("  notice: " + notice));
        run.deletionsWithheld().ifPresent(why -> out.println("  deletions: " + why));
        out.println(changes.isEmpty() ? "No changes." : changes.size() + " change(s):");
        changes.forEach(change -> out.println("  " + change));
        if (run.changesTruncated()) {
            out.println("  ... and more not kept" + (run.changesLeftOut() > 0 ? " (" + run.changesLeftOut()
                    + " over the history's limit per run)" : "") + "; the counts above are complete");
        }
        run.failures().forEach(failure -> out.println("  failed: " + failure));
        if (run.failuresLeftOut() > 0) {
            out.println("  ... and " + run.failuresLeftOut() + " more failures");
        }
    }
}
