package dev.wecomsync.examples.cli;

import dev.wecomsync.client.WeComException;
import dev.wecomsync.examples.console.ProgressDisplay;
import dev.wecomsync.examples.console.WeComSettings;
import dev.wecomsync.examples.jdbc.UrlDataSource;
import dev.wecomsync.jdbc.JdbcStoreException;
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
import javax.sql.DataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code wecom-sync sync}: one full sync into the database, with progress and a report. */
@Command(name = "sync", mixinStandardHelpOptions = true,
        description = {"Runs one full sync into the database and prints the report.",
                "Creates the tables if they are missing. Exit code 0 when everything synced, 1 when something failed."})
final class SyncCommand implements Callable<Integer> {

    @ParentCommand
    WeComSyncCommand root;

    @Mixin
    ConfigOption config;

    @Mixin
    DatabaseOptions database;

    @Option(names = "--dry-run",
            description = {"Read WeCom and print what would change, record by record (id, type, fields),",
                    "writing nothing (no tables are created)."})
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

    @Override
    public Integer call() {
        PrintStream stdout = root.out();
        PrintStream out = json ? new PrintStream(OutputStream.nullOutputStream()) : stdout;
        WeComSettings settings = root.settings(config.file);
        Optional<String> missing = CorpClients.missing(settings);
        if (missing.isPresent()) {
            stdout.println(json ? ReportJson.error(missing.get()) : "error: " + missing.get());
            return WeComSyncCommand.USAGE;
        }
        CorpClients corp = CorpClients.of(settings);
        DataSource dataSource = database.dataSource();
        out.println((dryRun ? "Dry run" : "Full sync") + " of corp " + corp.corpId() + " into "
                + UrlDataSource.redacted(database.jdbcUrl) + " (tables " + database.tablePrefix + "*)");
        try (ProgressDisplay progress = plain || json ? ProgressDisplay.plain(out) : ProgressDisplay.forConsole(out)) {
            WeComSync.Builder builder = WeComSync.builder()
                    .client(corp.app())
                    .batchSize(batchSize)
                    .detectRenames(detectRenames)
                    .deletionDelay(deletionDelay)
                    .listener(progress);
            corp.contactSync().ifPresent(builder::contactSyncClient);
            if (allowMassDeletion) {
                builder.allowMassDeletion();
            }
            if (dryRun) {
                Optional<JdbcSyncTarget> existing = JdbcSyncTarget.builder().dataSource(dataSource)
                        .tablePrefix(database.tablePrefix).buildIfTablesExist();
                SyncStateStore state = existing.<SyncStateStore>map(t -> t).orElseGet(InMemorySyncStateStore::new);
                if (existing.isEmpty()) {
                    out.println("  (the tables do not exist yet: everything would be created)");
                }
                builder.target(new NoWrites()).stateStore(state);
            } else {
                builder.target(JdbcSyncTarget.builder().dataSource(dataSource)
                        .tablePrefix(database.tablePrefix).createTables(true).build());
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
        } catch (JdbcStoreException e) {
            out.println("Database error: " + e.getMessage());
            if (json) {
                stdout.println(ReportJson.error("Database error: " + e.getMessage()));
            }
            return WeComSyncCommand.FAILED;
        } catch (WeComException e) {
            out.println("WeCom refused: " + e.getMessage());
            out.println("Run `wecom-sync check` for advice on each secret.");
            if (json) {
                stdout.println(ReportJson.error("WeCom refused: " + e.getMessage()));
            }
            return WeComSyncCommand.FAILED;
        } finally {
            DatabaseOptions.close(dataSource);
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
