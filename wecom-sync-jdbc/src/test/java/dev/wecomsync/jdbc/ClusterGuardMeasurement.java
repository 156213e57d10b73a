package dev.wecomsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wecomsync.model.User;
import dev.wecomsync.sync.EntityKind;
import dev.wecomsync.sync.Fingerprint;
import dev.wecomsync.testkit.ManualClock;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Figures, not a test of correctness: what a full sync's guards cost per batch on each configured
 * database: {@link JdbcSyncLock#isHeld()} answered locally and by a query, and the re-read of a
 * batch's fingerprints ({@link JdbcSyncStateStore#get(EntityKind, java.util.Collection)}) for 500
 * ids. Runs only when asked: {@code mvn -B -ntp -pl wecom-sync-jdbc -am verify
 * -Dtest=ClusterGuardMeasurement -Dsurefire.failIfNoSpecifiedTests=false -Dwecomsync.measure=true}.
 */
@EnabledIfSystemProperty(named = "wecomsync.measure", matches = "true")
class ClusterGuardMeasurement {

    static final int BATCH = 500;

    @Test
    void measure() throws Exception {
        List<Databases> databases = new ArrayList<>(List.of(Databases.H2));
        if (System.getenv(Databases.POSTGRES_URL) != null) databases.add(Databases.POSTGRESQL);
        if (System.getenv(Databases.MARIADB_URL) != null) databases.add(Databases.MARIADB);
        for (Databases database : databases) {
            measure(database);
        }
    }

    private void measure(Databases database) throws Exception {
        DataSource ds = database.dataSource();
        String prefix = "wsg" + UUID.randomUUID().toString().replace("-", "").substring(0, 10) + "_";
        JdbcSchema.create(ds, prefix);
        try (JdbcSyncLock local = JdbcSyncLock.builder().dataSource(ds).tablePrefix(prefix).name("local").build();
                JdbcSyncLock queried = JdbcSyncLock.builder().dataSource(ds).tablePrefix(prefix).name("queried")
                        .clock(new ManualClock(Instant.now())).lease(Duration.ofHours(1)).build()) {
            assertThat(local.tryLock()).isTrue();
            assertThat(queried.tryLock()).isTrue(); // a set clock: every isHeld() asks the database
            report(database, "isHeld() within half a lease (no query)", 100_000, () -> assertThat(local.isHeld()).isTrue());
            report(database, "isHeld() by one query", 2_000, () -> assertThat(queried.isHeld()).isTrue());

            JdbcSyncStateStore store = JdbcSyncStateStore.builder().dataSource(ds).tablePrefix(prefix).build();
            Map<String, Fingerprint> rows = new LinkedHashMap<>();
            for (int i = 0; i < 10_000; i++) {
                rows.put("user" + i, Fingerprint.of(User.builder("user" + i).name("用户" + i).build()));
            }
            store.put(EntityKind.USER, rows);
            List<String> ids = new ArrayList<>(rows.keySet()).subList(2_000, 2_000 + BATCH);
            report(database, "get(USER, " + BATCH + " ids) of 10,000 rows", 200,
                    () -> assertThat(store.get(EntityKind.USER, ids)).hasSize(BATCH));
        } finally {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                for (String t : DatabaseTest.TABLES) s.execute("DROP TABLE IF EXISTS " + prefix + t);
            }
        }
    }

    private static void report(Databases database, String what, int times, Runnable call) {
        for (int i = 0; i < Math.min(times, 200); i++) call.run();
        long t0 = System.nanoTime();
        for (int i = 0; i < times; i++) call.run();
        double micros = (System.nanoTime() - t0) / 1_000.0 / times;
        System.out.printf(Locale.ROOT, "%-10s %s: %.1f us each%n", database, what, micros);
    }
}
