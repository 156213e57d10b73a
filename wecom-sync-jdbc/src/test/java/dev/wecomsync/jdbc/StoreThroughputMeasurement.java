package dev.wecomsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wecomsync.callback.EventClaim;
import dev.wecomsync.client.TokenStore.Key;
import dev.wecomsync.client.TokenStore.Token;
import dev.wecomsync.model.User;
import dev.wecomsync.sync.EntityKind;
import dev.wecomsync.sync.Fingerprint;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Rough figures for the README and reports, not a test of correctness: how fast each store is on
 * each configured database, through a HikariCP pool on this machine. Runs only when asked:
 * {@code mvn -B -ntp -pl wecom-sync-jdbc -am verify -Dtest=StoreThroughputMeasurement
 * -Dsurefire.failIfNoSpecifiedTests=false -Dwecomsync.measure=true}.
 */
@EnabledIfSystemProperty(named = "wecomsync.measure", matches = "true")
class StoreThroughputMeasurement {

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
        String prefix = "wsm" + UUID.randomUUID().toString().replace("-", "").substring(0, 10) + "_";
        JdbcSchema.create(ds, prefix);
        try {
            JdbcEventDeduplicator dedup = JdbcEventDeduplicator.builder().dataSource(ds).tablePrefix(prefix).build();
            int events = 2_000;
            long t0 = System.nanoTime();
            for (int i = 0; i < events; i++) {
                EventClaim claim = dedup.claim("seq-" + i, Duration.ofMinutes(1));
                dedup.commit(claim);
            }
            report(database, "deduplicator claim+commit, 1 thread", events, t0);

            ExecutorService pool = Executors.newFixedThreadPool(8);
            t0 = System.nanoTime();
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                work.add(pool.submit(() -> {
                    for (int i = 0; i < events / 8; i++) dedup.commit(dedup.claim("par-" + thread + "-" + i, Duration.ofMinutes(1)));
                }));
            }
            for (Future<?> f : work) f.get();
            report(database, "deduplicator claim+commit, 8 threads", events, t0);
            pool.shutdown();

            t0 = System.nanoTime();
            for (int i = 0; i < events; i++) {
                assertThat(dedup.claim("seq-" + i, Duration.ofMinutes(1)).state()).isEqualTo(EventClaim.State.DELIVERED);
            }
            report(database, "deduplicator claim of a delivered event (retry)", events, t0);

            JdbcTokenStore tokens = JdbcTokenStore.builder().dataSource(ds).tablePrefix(prefix).build();
            Key key = new Key("corp", "0123456789abcdef");
            tokens.put(key, new Token("t".repeat(128), Instant.now().plus(Duration.ofHours(2))));
            t0 = System.nanoTime();
            for (int i = 0; i < events; i++) assertThat(tokens.get(key)).isPresent();
            report(database, "token store get of a fresh token", events, t0);

            JdbcSyncLock lock = JdbcSyncLock.builder().dataSource(ds).tablePrefix(prefix).build();
            int locks = 500;
            t0 = System.nanoTime();
            for (int i = 0; i < locks; i++) {
                assertThat(lock.tryLock()).isTrue();
                lock.unlock();
            }
            report(database, "sync lock tryLock+unlock", locks, t0);
            lock.close();

            JdbcSyncStateStore state = JdbcSyncStateStore.builder().dataSource(ds).tablePrefix(prefix).build();
            Map<String, Fingerprint> many = new HashMap<>();
            for (int i = 0; i < 10_000; i++) {
                many.put("user-" + i, Fingerprint.of(User.builder("user-" + i).name("用户" + i).departments(List.of(1L)).build()));
            }
            t0 = System.nanoTime();
            state.put(EntityKind.USER, many);
            report(database, "state store put of 10,000 ids (one call)", 1, t0);
            t0 = System.nanoTime();
            assertThat(state.read(EntityKind.USER)).hasSize(10_000);
            report(database, "state store read of 10,000 ids", 1, t0);
        } finally {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                for (String t : DatabaseTest.TABLES) s.execute("DROP TABLE IF EXISTS " + prefix + t);
            }
        }
    }

    private static void report(Databases database, String what, int operations, long startNanos) {
        double ms = (System.nanoTime() - startNanos) / 1e6;
        System.out.printf("%-10s %-48s %8.1f ms total, %7.3f ms/op%n", database, what, ms, ms / operations);
    }
}
