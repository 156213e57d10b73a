package dev.wecomsync.examples.cli;

import dev.wecomsync.jdbc.JdbcSyncTarget;
import dev.wecomsync.sync.PendingDeletion;
import dev.wecomsync.sync.SyncReport;
import dev.wecomsync.sync.WeComSync;
import dev.wecomsync.testkit.SimUser;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code wecom-sync deletions}: lists the deletions that wait; {@code deletions approve} lets some through. */
@Command(name = "deletions", mixinStandardHelpOptions = true,
        description = {"Lists the deletions that wait: held back by the deletion guard, waiting out the deletion"
                        + " delay, not confirmed by a direct read (for example outside the app's visible scope), or"
                        + " beyond the confirmation limit. One line each: key (kind:id), since when missing, reason,"
                        + " detail.",
                "Exit code 0."},
        subcommands = DeletionsCommand.Approve.class)
final class DeletionsCommand implements Callable<Integer> {

    @ParentCommand
    WeComSyncCommand root;

    @Mixin
    ConfigOption config;

    @Mixin
    DatabaseOptions database;

    @Mixin
    SimulateOption simulate;

    @Override
    public Integer call() {
        return withSync(root, config, database, simulate, sync -> {
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

    /**
     * Runs {@code work} with a {@code WeComSync} over the database's tables. With {@code --simulate}
     * it first gives the simulated corp something to list: a full sync, then a quarter of the users
     * removed from the simulated corp and a second sync, whose deletions the deletion guard holds back.
     */
    static Integer withSync(WeComSyncCommand root, ConfigOption config, DatabaseOptions database,
            SimulateOption simulate, Function<WeComSync, Integer> work) {
        PrintStream out = root.out();
        try (Simulation sim = Simulation.start(simulate, out)) {
            CorpClients corp = CorpClients.of(sim.settings().orElseGet(() -> root.settings(config.file)));
            if (DatabaseOptions.isMissingH2File(database.url(root, sim.active()))) {
                database.tables();
                out.println("No pending deletions: the database " + database.shown(root, false) + " does not exist"
                        + " yet (run `wecom-sync sync` first).");
                return 0;
            }
            try (DatabasePool pool = database.open(root, sim.active())) {
                if (sim.active()) {
                    prepare(out, sim, corp, pool, database);
                }
                Optional<JdbcSyncTarget> target = DatabaseOptions.existingTarget(pool.dataSource(), database.tables());
                if (target.isEmpty()) {
                    out.println("No pending deletions: the tables " + database.tablePrefix + "* do not exist yet"
                            + " (run `wecom-sync sync` first).");
                    return 0;
                }
                WeComSync.Builder builder = WeComSync.builder().client(corp.app()).target(target.get());
                corp.contactSync().ifPresent(builder::contactSyncClient);
                return work.apply(builder.build());
            }
        }
    }

    private static void prepare(PrintStream out, Simulation sim, CorpClients corp, DatabasePool pool,
            DatabaseOptions database) {
        JdbcSyncTarget target = DatabaseOptions.target(pool.dataSource(), database.tables());
        WeComSync.Builder builder = WeComSync.builder().client(corp.app()).target(target);
        corp.contactSync().ifPresent(builder::contactSyncClient);
        WeComSync sync = builder.build();
        SyncReport first = sync.fullSync();
        List<SimUser> users = sim.simulator().org().users();
        int removed = Math.max(1, users.size() / 4);
        users.subList(0, removed).forEach(u -> sim.simulator().org().deleteUser(u.userId()));
        SyncReport second = sync.fullSync();
        out.println("Simulated: synced " + first.users().created() + " users, removed " + removed + " of them from"
                + " the simulated corp, synced again (" + second.users().heldBack() + " deletion(s) held back).");
    }

    /** {@code wecom-sync deletions approve KEY...|--all}. */
    @Command(name = "approve", mixinStandardHelpOptions = true,
            description = {"Lets these pending deletions through the deletion guard and the delay on the next sync;"
                    + " each is still confirmed by a direct read first. Keys as `deletions` lists them, like"
                    + " user:zhangsan or department:9.",
                    "Exit code 0 when approved, 2 when a key is not pending."})
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
                throw new UsageException("give the keys to approve, like user:lisi department:9, or --all (not both)");
            }
            return withSync(deletions.root, config, database, null, sync -> {
                List<String> chosen = all ? sync.pendingDeletions().stream().map(PendingDeletion::key).toList() : keys;
                try {
                    List<PendingDeletion> approved = sync.approveDeletions(chosen);
                    out.println("Approved " + approved.size() + " deletion(s); the next sync deletes those a direct"
                            + " read confirms:");
                    approved.forEach(p -> out.println("  " + p.key()));
                    return 0;
                } catch (IllegalArgumentException e) {
                    throw new UsageException(e.getMessage() + "; `wecom-sync deletions` lists the pending keys", e);
                }
            });
        }
    }
}
