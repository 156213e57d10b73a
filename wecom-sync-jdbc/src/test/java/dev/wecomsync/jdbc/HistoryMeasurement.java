package dev.wecomsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wecomsync.sync.SyncReport;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Rough figures for reports, not a test of correctness: how long {@link JdbcSyncHistory#record}
 * takes for a run of 10,000 changes (with the retention deleting an older run of 10,000 once the
 * history is full), and reading those changes back, on each configured database. Runs only when
 * asked: {@code mvn -B -ntp -pl wecom-sync-jdbc -am verify -Dtest=HistoryMeasurement
 * -Dsurefire.failIfNoSpecifiedTests=false -Dwecomsync.measure=true}.
 */
@EnabledIfSystemProperty(named = "wecomsync.measure", matches = "true")
class HistoryMeasurement {

    private static final int CHANGES = 10_000;
    private static final int RUNS = 6;

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
            JdbcSyncHistory history = JdbcSyncHistory.builder().dataSource(ds).tablePrefix(prefix).keepRuns(3).build();
            Instant start = Instant.now();
            List<Double> millis = new ArrayList<>();
            SyncReport last = null;
            for (int i = 0; i < RUNS; i++) {
                last = JdbcSyncHistoryTest.report(start.plusSeconds(i), CHANGES, 0);
                long t0 = System.nanoTime();
                history.record(last);
                millis.add((System.nanoTime() - t0) / 1e6);
            }
            long t0 = System.nanoTime();
            int read = history.changes(last.runId()).size();
            double readMs = (System.nanoTime() - t0) / 1e6;
            assertThat(read).isEqualTo(CHANGES);
            assertThat(history.recentRuns(10)).hasSize(3);
            System.out.printf("%-10s record %,d changes: %s ms (runs 4-6 also delete one run); read them back %.1f ms%n",
                    database, CHANGES, millis.stream().map(m -> String.format("%.0f", m)).toList(), readMs);
        } finally {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                for (String t : DatabaseTest.TABLES) s.execute("DROP TABLE IF EXISTS " + prefix + t);
            }
        }
    }
}
