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
import java.util.List;
import java.util.Locale;

/**
 * How fast {@link JdbcSyncTarget} writes, through a HikariCP pool, next to a plain JDBC batch
 * insert of the same rows into the same schema. For each database (H2 in memory always; PostgreSQL
 * and MariaDB when {@code WECOM_SYNC_TEST_POSTGRES_URL} / {@code WECOM_SYNC_TEST_MARIADB_URL} name
 * them), in one process: the first full sync of a simulated org (no API latency), the unchanged
 * second sync, a sync after 1 % of the users changed, and the plain batch insert.
 *
 * <p>Run (see README "Benchmarks"):
 * <pre>
 * mvn -B -ntp -Pbench -pl wecom-sync-benchmarks -am package -DskipTests
 * java -Dusers=100000 -cp wecom-sync-benchmarks/target/benchmarks.jar dev.wecomsync.benchmarks.mirror.MirrorBenchmark
 * </pre>
 * {@code -Dusers} (default 100,000) and {@code -Ddepartments} (default 3,000) size the org;
 * {@code -Ddatabases=h2,postgresql,mariadb} picks databases; {@code -Dtop=N} prints the N
 * costliest statements of each run.
 */
public final class MirrorBenchmark {

    private static final String APP_SECRET = "bench-app";

    private MirrorBenchmark() {}

    public static void main(String[] args) throws Exception {
        int users = Integer.getInteger("users", 100_000);
        int departments = Integer.getInteger("departments", 3_000);
        int top = Integer.getInteger("top", 0);
        String only = System.getProperty("databases", "h2,postgresql,mariadb");
        List<String[]> databases = new ArrayList<>();
        databases.add(new String[] {"h2", "jdbc:h2:mem:mirror-bench;DB_CLOSE_DELAY=-1"});
        databases.add(new String[] {"postgresql", System.getenv("WECOM_SYNC_TEST_POSTGRES_URL")});
        databases.add(new String[] {"mariadb", System.getenv("WECOM_SYNC_TEST_MARIADB_URL")});

        System.out.printf(Locale.ROOT, "JdbcSyncTarget through HikariCP: %,d users in %,d departments, simulator"
                + " without API latency%n%n", users, departments);
        List<String> table = new ArrayList<>();
        table.add(String.format(Locale.ROOT, "| %-10s | %-23s | %9s | %9s | %10s | %11s | %9s |", "database", "run",
                "wall s", "db s", "statements", "rows/s (db)", "÷ plain"));
        table.add("|------------|-------------------------|-----------|-----------|------------|-------------|-----------|");
        try (WeComSimulator sim = WeComSimulator.builder().org(Org.generate(users, departments, 42)).build()) {
            sim.addAppSecret(APP_SECRET);
            table.add(row("none", "engine + simulator only", engineOnly(sim, client(sim)), 0, 0, 0, 0));
        }
        for (String[] db : databases) {
            if (db[1] == null || db[1].isBlank() || !only.contains(db[0])) continue;
            table.addAll(run(db[0], db[1], users, departments, top));
        }
        System.out.println();
        table.forEach(System.out::println);
        System.out.println();
        System.out.println("wall: the whole sync (engine and simulator included); db: time inside JDBC calls;");
        System.out.println("÷ plain: db time of the run over the plain batch insert's time of the same rows.");
    }

    private static List<String> run(String name, String url, int users, int departments, int top) throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(4);
        config.setPoolName("bench-" + name);
        List<String> lines = new ArrayList<>();
        try (HikariDataSource pool = new HikariDataSource(config);
                WeComSimulator sim = WeComSimulator.builder().org(Org.generate(users, departments, 42)).build()) {
            sim.addAppSecret(APP_SECRET);
            String prefix = "bench_" + Long.toHexString(System.nanoTime() & 0xffffffL) + "_";
            String plainPrefix = prefix + "plain_";
            TimedDataSource timed = new TimedDataSource(pool);
            JdbcSyncTarget target = JdbcSyncTarget.builder().dataSource(timed.dataSource()).tablePrefix(prefix)
                    .createTables(true).build();
            WeComClient client = client(sim);
            try {
                WeComSync sync = WeComSync.builder().client(client).target(target).build();

                Measured first = measure(name + " first sync", sync, timed, top);
                Measured second = measure(name + " unchanged second", sync, timed, top);
                List<SimUser> all = sim.org().users();
                for (int i = 0; i < all.size(); i += 100) {
                    SimUser u = all.get(i);
                    sim.org().updateUser(u.userId(), x -> x.withPosition("changed " + x.position()));
                }
                Measured change = measure(name + " 1 % changed", sync, timed, top);

                Plain.Result plain = Plain.copy(pool, target.tables(), plainPrefix);
                double plainSeconds = plain.nanos() / 1e9;
                lines.add(row(name, "first full sync", first.wall, first.db, first.statements, plain.rows(),
                        first.db / 1e9 / plainSeconds));
                lines.add(row(name, "unchanged second sync", second.wall, second.db, second.statements, 0,
                        second.db / 1e9 / plainSeconds));
                lines.add(row(name, "1 % of users changed", change.wall, change.db, change.statements, 0,
                        change.db / 1e9 / plainSeconds));
                lines.add(row(name, "plain batch insert", plain.nanos(), plain.nanos(), plain.statements(),
                        plain.rows(), 1.0));
                if (!first.report.succeeded() || !second.report.succeeded() || second.report.writes() != 0
                        || !change.report.succeeded()) {
                    lines.add("| " + name + " | a run did not go as expected: " + second.report + " |");
                }
            } finally {
                drop(pool, target.tables().all(), prefix, plainPrefix);
            }
        }
        return lines;
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

    private record Measured(SyncReport report, long wall, long db, long statements) {}

    private static Measured measure(String label, WeComSync sync, TimedDataSource timed, int top) {
        timed.reset();
        long start = System.nanoTime();
        SyncReport report = sync.fullSync();
        long wall = System.nanoTime() - start;
        Measured m = new Measured(report, wall, timed.nanos(), timed.statements());
        System.out.printf(Locale.ROOT, "%-32s wall %6.2f s, db %6.2f s, %,d statements, %,d writes%n", label,
                wall / 1e9, m.db / 1e9, m.statements, report.writes());
        if (top > 0) System.out.print(timed.top(top));
        return m;
    }

    private static String row(String db, String run, long wall, long dbNanos, long statements, long rows,
            double ratio) {
        return String.format(Locale.ROOT, "| %-10s | %-23s | %9.2f | %9s | %10s | %11s | %9s |", db, run, wall / 1e9,
                dbNanos == 0 ? "" : String.format(Locale.ROOT, "%.2f", dbNanos / 1e9),
                statements == 0 ? "" : String.format(Locale.ROOT, "%,d", statements),
                rows == 0 || dbNanos == 0 ? "" : String.format(Locale.ROOT, "%,.0f", rows / (dbNanos / 1e9)),
                ratio == 0 ? "" : String.format(Locale.ROOT, "%.2f×", ratio));
    }

    private static void drop(HikariDataSource pool, List<String> tables, String prefix, String plainPrefix)
            throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            for (String table : tables) {
                s.execute("DROP TABLE IF EXISTS " + table);
                s.execute("DROP TABLE IF EXISTS " + plainPrefix + table.substring(prefix.length()));
            }
        }
    }
}
