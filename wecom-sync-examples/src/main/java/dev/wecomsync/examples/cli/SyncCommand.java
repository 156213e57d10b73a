package dev.wecomsync.examples.cli;

import dev.wecomsync.examples.console.ProgressDisplay;
import dev.wecomsync.examples.console.WeComSettings;
import dev.wecomsync.jdbc.JdbcSyncTarget;
import dev.wecomsync.model.Department;
import dev.wecomsync.model.User;
import dev.wecomsync.sync.InMemorySyncStateStore;
import dev.wecomsync.sync.SyncReport;
import dev.wecomsync.sync.SyncStateStore;
import dev.wecomsync.sync.SyncTarget;
import dev.wecomsync.sync.WeComSync;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code wecom-sync sync}: one full sync into the database, with progress and a report. */
@Command(name = "sync", mixinStandardHelpOptions = true,
        description = {"Runs one full sync into the database and prints the report.",
                "Creates the tables if they are missing. Exit code 0 when everything synced, 1 when something"
                        + " failed, 2 on bad usage or configuration."})
final class SyncCommand implements Callable<Integer> {

    @ParentCommand
    WeComSyncCommand root;

    @Mixin
    ConfigOption config;

    @Mixin
    DatabaseOptions database;

    @Option(names = "--dry-run",
            description = "Read WeCom and print what would change, record by record (id, type, fields), writing"
                    + " nothing: no tables and no database file are created.")
    boolean dryRun;

    @Option(names = "--json",
            description = "Print the report (with every change) as JSON on standard output, and nothing else.")
    boolean json;

    @Option(names = "--detect-renames",
            description = "Pass a userid change no event announced on as a rename when it is unambiguous.")
    boolean detectRenames;

    @Option(names = "--allow-mass-deletion",
            description = "Allow deleting more than 20%% of the known users or departments in this run.")
    boolean allowMassDeletion;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "500",
            description = "Records per database transaction (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--deletion-delay", paramLabel = "DURATION", converter = DurationConverter.class,
            defaultValue = "0s", description = {"Delete a record only once it has been missing this long, like 3d or 12h"
                    + " (default: no delay).", "Kept in the database, so it holds across runs."})
    java.time.Duration deletionDelay;

    @Option(names = "--plain", description = "Print progress as plain lines, never as a bar.")
    boolean plain;

    @Mixin
    SimulateOption simulate;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintStream stdout = root.out();
        PrintStream out = json ? new PrintStream(OutputStream.nullOutputStream()) : stdout;
        try {
            return run(stdout, out);
        } catch (RuntimeException e) {
            if (json) {
                stdout.println(ReportJson.error(root.redact(Failures.describe(e))));
            }
            throw e;
        }
    }

    private int run(PrintStream stdout, PrintStream out) {
        if (batchSize < 1) {
            throw new ParameterException(spec.commandLine(), "--batch-size must be at least 1 (records per database"
                    + " transaction), like --batch-size 500; got " + batchSize);
        }
        if (deletionDelay.isNegative()) {
            throw new ParameterException(spec.commandLine(), "--deletion-delay must not be negative; got "
                    + deletionDelay);
        }
        try (Simulation sim = Simulation.start(simulate, out)) {
            WeComSettings settings = sim.settings().orElseGet(() -> root.settings(config.file));
            CorpClients corp = CorpClients.of(settings);
            String url = database.url(root, sim.active());
            JdbcSyncTarget.Tables tables = database.tables();
            if (!dryRun) {
                DatabasePool.check(url);
            }
            out.println((dryRun ? "Dry run" : "Full sync") + " of corp " + corp.corpId() + " into "
                    + database.shown(root, sim.active()) + " (tables " + tables.prefix() + "*)");
            WeComSync.Builder builder = WeComSync.builder()
                    .client(corp.app())
                    .batchSize(batchSize)
                    .detectRenames(detectRenames)
                    .deletionDelay(deletionDelay);
            corp.contactSync().ifPresent(builder::contactSyncClient);
            if (allowMassDeletion) {
                builder.allowMassDeletion();
            }
            boolean fresh = dryRun && (DatabaseOptions.isMissingH2File(url) || url.startsWith("jdbc:h2:mem:"));
            try (DatabasePool pool = fresh ? null : database.open(root, sim.active());
                    ProgressDisplay progress = plain || json ? ProgressDisplay.plain(out)
                            : ProgressDisplay.forConsole(out)) {
                builder.listener(progress);
                if (dryRun) {
                    Optional<JdbcSyncTarget> existing = fresh ? Optional.empty()
                            : DatabaseOptions.existingTarget(pool.dataSource(), tables);
                    SyncStateStore state = existing.<SyncStateStore>map(t -> t).orElseGet(InMemorySyncStateStore::new);
                    if (existing.isEmpty()) {
                        out.println("  (the " + (fresh ? "database does" : "tables do") + " not exist yet: everything"
                                + " would be created; a dry run creates nothing)");
                    }
                    builder.target(new NoWrites()).stateStore(state);
                } else {
                    builder.target(DatabaseOptions.target(pool.dataSource(), tables));
                    HistoryCommand.recorder(pool.dataSource(), database, out).ifPresent(builder::history);
                }
                WeComSync sync = builder.build();
                SyncReport report = dryRun ? sync.dryRun() : sync.fullSync();
                progress.close();
                if (json) {
                    stdout.println(ReportJson.of(report));
                } else {
                    out.println(report);
                    if (dryRun) {
                        printChanges(out, report);
                    }
                }
                return report.succeeded() ? 0 : WeComSyncCommand.FAILED;
            }
        }
    }

    /** One line per change: type, kind, id (old -> new for renames) and the fields that would change. */
    private static void printChanges(PrintStream out, SyncReport report) {
        if (report.changes().isEmpty()) {
            out.println("Nothing would change.");
            return;
        }
        out.println("Would change:");
        report.changes().forEach(change -> out.println("  " + change));
        if (report.changesTruncated()) {
            out.println("  ... and more (the list stops at " + report.changes().size() + "; the counts above are complete)");
        }
    }

    /** The target of a dry run: the engine calls none of these; if it did, nothing would be written. */
    private static final class NoWrites implements SyncTarget {

        @Override
        public void upsertDepartments(List<Department> departments) {
            throw new IllegalStateException("dry run: nothing is written");
        }

        @Override
        public void upsertUsers(List<User> users) {
            throw new IllegalStateException("dry run: nothing is written");
        }

        @Override
        public void renameUser(String oldUserId, String newUserId) {
            throw new IllegalStateException("dry run: nothing is written");
        }

        @Override
        public void deleteUsers(List<String> userIds) {
            throw new IllegalStateException("dry run: nothing is written");
        }

        @Override
        public void deleteDepartments(List<Long> departmentIds) {
            throw new IllegalStateException("dry run: nothing is written");
        }
    }
}
