package dev.wecomsync.examples.cli;

import dev.wecomsync.examples.console.WeComSettings;
import dev.wecomsync.jdbc.JdbcStoreException;
import dev.wecomsync.jdbc.JdbcSyncTarget;
import dev.wecomsync.sync.PendingDeletion;
import dev.wecomsync.sync.WeComSync;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import javax.sql.DataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code wecom-sync deletions}: lists the deletions that wait; {@code deletions approve} lets some through. */
@Command(name = "deletions", mixinStandardHelpOptions = true,
        description = {"Lists the deletions that wait: held back by the deletion guard, waiting out the deletion",
                "delay, not confirmed by a direct read (for example outside the app's visible scope), or beyond",
                "the confirmation limit. One line each: key (kind:id), since when missing, reason, detail.",
                "Exit code 0."},
        subcommands = DeletionsCommand.Approve.class)
final class DeletionsCommand implements Callable<Integer> {

    @ParentCommand
    WeComSyncCommand root;

    @Mixin
    ConfigOption config;

    @Mixin
    DatabaseOptions database;

    @Override
    public Integer call() {
        return withSync(root, config, database, sync -> {
            List<PendingDeletion> pending = sync.pendingDeletions();
            PrintStream out = root.out();
            if (pending.isEmpty()) {
                out.println("No pending deletions.");
                return 0;
            }
            out.println(pending.size() + " pending deletion(s):");
            pending.forEach(p -> out.println("  " + p));
            out.println("Approve with: wecom-sync deletions approve KEY... (or --all); the next sync deletes those"
                    + " a direct read confirms.");
            return 0;
        });
    }

    /** Runs {@code work} with a {@code WeComSync} over the database's tables. */
    static Integer withSync(WeComSyncCommand root, ConfigOption config, DatabaseOptions database,
            Function<WeComSync, Integer> work) {
        PrintStream out = root.out();
        WeComSettings settings = root.settings(config.file);
        Optional<String> missing = CorpClients.missing(settings);
        if (missing.isPresent()) {
            out.println("error: " + missing.get());
            return WeComSyncCommand.USAGE;
        }
        DataSource dataSource = database.dataSource();
        try {
            Optional<JdbcSyncTarget> target = JdbcSyncTarget.builder().dataSource(dataSource)
                    .tablePrefix(database.tablePrefix).buildIfTablesExist();
            if (target.isEmpty()) {
                out.println("No pending deletions: the tables " + database.tablePrefix + "* do not exist yet"
                        + " (run `wecom-sync sync` first).");
                return 0;
            }
            CorpClients corp = CorpClients.of(settings);
            return work.apply(WeComSync.builder().client(corp.app()).target(target.get()).build());
        } catch (JdbcStoreException e) {
            out.println("Database error: " + e.getMessage());
            return WeComSyncCommand.FAILED;
        } finally {
            DatabaseOptions.close(dataSource);
        }
    }

    /** {@code wecom-sync deletions approve KEY...|--all}. */
    @Command(name = "approve", mixinStandardHelpOptions = true,
            description = {"Lets these pending deletions through the deletion guard and the delay on the next sync;",
                    "each is still confirmed by a direct read first. Keys as `deletions` lists them, like",
                    "user:zhangsan or department:9. Exit code 0 when approved, 2 when a key is not pending."})
    static final class Approve implements Callable<Integer> {

        @ParentCommand
        DeletionsCommand deletions;

        @Mixin
        ConfigOption config;

        @Mixin
        DatabaseOptions database;

        @Parameters(paramLabel = "KEY", arity = "0..*", description = "Keys of pending deletions (kind:id).")
        List<String> keys = List.of();

        @Option(names = "--all", description = "Approve every pending deletion.")
        boolean all;

        @Override
        public Integer call() {
            PrintStream out = deletions.root.out();
            if (all == !keys.isEmpty()) {
                out.println("error: give the keys to approve, or --all (not both)");
                return WeComSyncCommand.USAGE;
            }
            return withSync(deletions.root, config, database, sync -> {
                List<String> chosen = all ? sync.pendingDeletions().stream().map(PendingDeletion::key).toList() : keys;
                try {
                    List<PendingDeletion> approved = sync.approveDeletions(chosen);
                    out.println("Approved " + approved.size() + " deletion(s); the next sync deletes those a direct"
                            + " read confirms:");
                    approved.forEach(p -> out.println("  " + p.key()));
                    return 0;
                } catch (IllegalArgumentException e) {
                    out.println("error: " + e.getMessage());
                    return WeComSyncCommand.USAGE;
                }
            });
        }
    }
}
