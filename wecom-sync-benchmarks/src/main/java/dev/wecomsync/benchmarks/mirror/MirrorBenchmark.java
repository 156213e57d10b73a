package dev.wecomsync.benchmarks.mirror;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.wecomsync.client.WeComClient;
import dev.wecomsync.jdbc.JdbcSyncTarget;
import dev.wecomsync.model.Department;
import dev.wecomsync.model.User;
import dev.wecomsync.sync.SyncReport;
import dev.wecomsync.sync.SyncTarget;
import dev.wecomsync.sync.WeComSync;
import dev.wecomsync.testkit.Org;
import dev.wecomsync.testkit.SimUser;
import dev.wecomsync.testkit.WeComSimulator;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * How fast {@link JdbcSyncTarget} writes, through a HikariCP pool, next to a plain JDBC batch
 * insert of the same rows into the same schema. For each database (H2 in memory always; PostgreSQL
 * and MariaDB when {@code WECOM_SYNC_TEST_POSTGRES_URL} / {@code WECOM_SYNC_TEST_MARIADB_URL} name
 * them), in one process: the first full sync of a simulated org (no API latency), the unchanged
 * second sync, a sync after 1 % of the users changed, and the plain batch insert.
 *
 * <p>A run's database time is the time inside the target's calls (its statements, the driver's
 * work and the target's own code). During the sync itself the simulator, in the same process, and
 * the engine's readers share the CPUs with the target and the database; so every call the engine
 * made is also replayed, in the same order, on a second target while nothing else runs, as the
 * plain insert runs. Replays and plain inserts take turns {@code -Drepeat} times (default 3), and
 * the table shows the medians.
 *
 * <p>Run (see README "Benchmarks"):
 * <pre>
 * mvn -B -ntp -Pbench -pl wecom-sync-benchmarks -am package -DskipTests
 * java -Dusers=100000 -cp wecom-sync-benchmarks/target/benchmarks.jar dev.wecomsync.benchmarks.mirror.MirrorBenchmark
 * </pre>
 * {@code -Dusers} (default 100,000) and {@code -Ddepartments} (default 3,000) size the org;
 * {@code -Ddatabases=h2,postgresql,mariadb} picks databases; {@code -Dtop=N} prints the N
 * costliest statements of each run (timed through proxies on every JDBC call, which then cost the
 * run time of their own).
 */
public final class MirrorBenchmark {

    private static final String APP_SECRET = "bench-app";

    private MirrorBenchmark() {}

    public static void main(String[] args) throws Exception {
        int users = Integer.getInteger("users", 100_000);
        int departments = Integer.getInteger("departments", 3_000);
        int top = Integer.getInteger("top", 0);
        int repeat = Math.max(1, Integer.getInteger("repeat", 3));
        String only = System.getProperty("databases", "h2,postgresql,mariadb");
        List<String[]> databases = new ArrayList<>();
        databases.add(new String[] {"h2", "jdbc:h2:mem:mirror-bench;DB_CLOSE_DELAY=-1"});
        databases.add(new String[] {"postgresql", System.getenv("WECOM_SYNC_TEST_POSTGRES_URL")});
        databases.add(new String[] {"mariadb", System.getenv("WECOM_SYNC_TEST_MARIADB_URL")});

        System.out.printf(Locale.ROOT, "JdbcSyncTarget through HikariCP: %,d users in %,d departments, simulator"
                + " without API latency%n%n", users, departments);
        List<String> table = new ArrayList<>();
        table.add(String.format(Locale.ROOT, "| %-10s | %-23s | %7s | %9s | %9s | %10s | %11s | %7s |", "database",
                "run", "wall s", "live db s", "db s", "statements", "rows/s (db)", "÷ plain"));
        table.add("|------------|-------------------------|---------|-----------|-----------|------------|-------------|---------|");
        try (WeComSimulator sim = WeComSimulator.builder().org(Org.generate(users, departments, 42)).build()) {
            sim.addAppSecret(APP_SECRET);
            table.add(row("none", "engine + simulator only", engineOnly(sim, client(sim)), 0, 0, 0, 0, 0));
        }
        for (String[] db : databases) {
            if (db[1] == null || db[1].isBlank() || !only.contains(db[0])) continue;
            table.addAll(run(db[0], db[1], users, departments, top, repeat));
        }
        System.out.println();
        table.forEach(System.out::println);
        System.out.println();
        System.out.println("wall: the whole sync (engine and simulator included); live db: time inside the target's");
        System.out.println("calls during the sync, while the in-process simulator and the engine's readers share the");
        System.out.println("CPUs; db: the same calls replayed in order on a second target with nothing else running");
        System.out.println("(the target's statements, the driver and its own code), as the plain insert runs;");
        System.out.println("statements: prepared or created in the replay; ÷ plain: db over the plain insert's time.");
    }

    private static List<String> run(String name, String url, int users, int departments, int top, int repeat)
            throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(4);
        config.setPoolName("bench-" + name);
        List<String> lines = new ArrayList<>();
        try (HikariDataSource pool = new HikariDataSource(config);
                WeComSimulator sim = WeComSimulator.builder().org(Org.generate(users, departments, 42)).build()) {
            sim.addAppSecret(APP_SECRET);
            String prefix = "bench_" + Long.toHexString(System.nanoTime() & 0xffffffL) + "_";
            TimedDataSource timed = new TimedDataSource(pool, top > 0);
            JdbcSyncTarget target = JdbcSyncTarget.builder().dataSource(timed.dataSource()).tablePrefix(prefix)
                    .createTables(true).build();
            TimedTarget timedTarget = new TimedTarget(target);
            WeComClient client = client(sim);
            try {
                WeComSync sync = WeComSync.builder().client(client).target(timedTarget.store()).build();
                Timers timers = new Timers(timed, timedTarget, top);

                List<Measured> runs = new ArrayList<>();
                runs.add(measure(name + " first sync", sync, timers));
                runs.add(measure(name + " unchanged second", sync, timers));
                List<SimUser> all = sim.org().users();
                for (int i = 0; i < all.size(); i += 100) {
                    SimUser u = all.get(i);
                    sim.org().updateUser(u.userId(), x -> x.withPosition("changed " + x.position()));
                }
                runs.add(measure(name + " 1 % changed", sync, timers));

                Plain.Rows rows = Plain.read(pool, target.tables());
                drop(pool, target.tables(), List.of());
                List<List<Replayed>> replays = new ArrayList<>();
                List<Plain.Result> plains = new ArrayList<>();
                for (int round = 0; round < repeat; round++) {
                    replayAndInsert(name + " round " + (round + 1), pool, target.tables(), prefix + "r" + round + "_",
                            runs, rows, replays, plains);
                }

                Plain.Result plain = plains.stream().sorted(Comparator.comparingLong(Plain.Result::nanos))
                        .toList().get(repeat / 2);
                double plainSeconds = plain.nanos() / 1e9;
                String[] labels = {"first full sync", "unchanged second sync", "1 % of users changed"};
                for (int i = 0; i < runs.size(); i++) {
                    Measured m = runs.get(i);
                    int run = i;
                    Replayed r = replays.stream().map(rs -> rs.get(run))
                            .sorted(Comparator.comparingLong(Replayed::nanos)).toList().get(repeat / 2);
                    lines.add(row(name, labels[i], m.wall, m.db, r.nanos, r.statements, i == 0 ? plain.rows() : 0,
                            r.nanos / 1e9 / plainSeconds));
                }
                lines.add(row(name, "plain batch insert", plain.nanos(), 0, plain.nanos(), plain.statements(),
                        plain.rows(), 1.0));
                Measured first = runs.get(0);
                Measured second = runs.get(1);
                if (!first.report.succeeded() || !second.report.succeeded() || second.report.writes() != 0
                        || !runs.get(2).report.succeeded()) {
                    lines.add("| " + name + " | a run did not go as expected: " + second.report + " |");
                }
            } finally {
                drop(pool, target.tables(), List.of());
            }
        }
        return lines;
    }

    /**
     * One round: the recorded calls of every run replayed on a new target, then the plain insert of the
     * same rows, each into new tables dropped after it (so that the database holds one copy of the data
     * at a time). Rounds take turns so that a slower spell of the machine meets both.
     */
    private static void replayAndInsert(String label, HikariDataSource pool, JdbcSyncTarget.Tables tables,
            String copy, List<Measured> runs, Plain.Rows rows, List<List<Replayed>> replays,
            List<Plain.Result> plains) throws Exception {
        TimedDataSource replayTimed = new TimedDataSource(pool, false);
        JdbcSyncTarget replayTarget = JdbcSyncTarget.builder().dataSource(replayTimed.dataSource())
                .tablePrefix(copy).createTables(true).build();
        List<Replayed> replayed = new ArrayList<>();
        try {
            for (Measured m : runs) {
                replayTimed.reset();
                long nanos = TimedTarget.replay(replayTarget, m.calls);
                replayed.add(new Replayed(nanos, replayTimed.statements()));
            }
        } finally {
            drop(pool, tables, List.of(copy));
        }
        Plain.Result plain;
        try {
            plain = Plain.insert(pool, rows, copy + "plain_");
        } finally {
            drop(pool, tables, List.of(copy + "plain_"));
        }
        replays.add(replayed);
        plains.add(plain);
        System.out.printf(Locale.ROOT, "%-32s replayed first sync %.2f s, plain insert %.2f s (%.2f×)%n", label,
                replayed.get(0).nanos / 1e9, plain.nanos() / 1e9, (double) replayed.get(0).nanos / plain.nanos());
    }

    /** A client of the simulator without a client-side rate limit: the database, not WeCom's quota, is measured. */
    private static WeComClient client(WeComSimulator sim) {
        return WeComClient.builder().corpId(sim.corpId()).secret(APP_SECRET).baseUrl(sim.baseUrl())
                .rateLimit(1_000_000).build();
    }

    /** The same sync into a target that writes nothing: what the engine and the simulator cost. */
    private static long engineOnly(WeComSimulator sim, WeComClient client) {
        SyncTarget nothing = new SyncTarget() {
            @Override public void upsertDepartments(List<Department> departments) {}
            @Override public void upsertUsers(List<User> users) {}
            @Override public void renameUser(String oldUserId, String newUserId) {}
            @Override public void deleteUsers(List<String> userIds) {}
            @Override public void deleteDepartments(List<Long> departmentIds) {}
        };
        long start = System.nanoTime();
        WeComSync.builder().client(client).target(nothing).build().fullSync();
        return System.nanoTime() - start;
    }

    private record Measured(SyncReport report, long wall, long db, List<TimedTarget.Call> calls) {}

    private record Replayed(long nanos, long statements) {}

    private record Timers(TimedDataSource jdbc, TimedTarget target, int top) {}

    private static Measured measure(String label, WeComSync sync, Timers timers) {
        timers.jdbc().reset();
        timers.target().reset();
        long start = System.nanoTime();
        SyncReport report = sync.fullSync();
        long wall = System.nanoTime() - start;
        Measured m = new Measured(report, wall, timers.target().nanos(), timers.target().calls());
        System.out.printf(Locale.ROOT, "%-32s wall %6.2f s, db %6.2f s, %,d statements, %,d writes%n", label,
                wall / 1e9, m.db / 1e9, timers.jdbc().statements(), report.writes());
        if (timers.top() > 0) {
            System.out.printf(Locale.ROOT, "      of which inside JDBC calls %.2f s (timed through a proxy on every"
                    + " call, which costs time of its own):%n", timers.jdbc().nanos() / 1e9);
            System.out.print(timers.jdbc().top(timers.top()));
        }
        return m;
    }

    private static String row(String db, String run, long wall, long liveNanos, long dbNanos, long statements,
            long rows, double ratio) {
        return String.format(Locale.ROOT, "| %-10s | %-23s | %7.2f | %9s | %9s | %10s | %11s | %7s |", db, run,
                wall / 1e9, liveNanos == 0 ? "" : String.format(Locale.ROOT, "%.2f", liveNanos / 1e9),
                dbNanos == 0 ? "" : String.format(Locale.ROOT, "%.2f", dbNanos / 1e9),
                statements == 0 ? "" : String.format(Locale.ROOT, "%,d", statements),
                rows == 0 || dbNanos == 0 ? "" : String.format(Locale.ROOT, "%,.0f", rows / (dbNanos / 1e9)),
                ratio == 0 ? "" : String.format(Locale.ROOT, "%.2f×", ratio));
    }

    /** Drops the tables of {@code target} and those of the same names with the prefixes {@code copies} instead. */
    private static void drop(HikariDataSource pool, JdbcSyncTarget.Tables target, List<String> copies)
            throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            for (String table : target.all()) {
                String name = table.substring(target.prefix().length());
                if (copies.isEmpty()) s.execute("DROP TABLE IF EXISTS " + table);
                for (String copy : copies) s.execute("DROP TABLE IF EXISTS " + copy + name);
            }
        }
    }
}
