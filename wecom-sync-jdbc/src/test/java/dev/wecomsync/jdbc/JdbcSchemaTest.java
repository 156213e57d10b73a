package dev.wecomsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wecomsync.sync.EntityKind;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class JdbcSchemaTest {

    @Test
    void everyDialectShipsAScriptForTheDefaultPrefix() {
        for (SqlDialect dialect : SqlDialect.values()) {
            String script = JdbcSchema.script(dialect, JdbcSchema.DEFAULT_PREFIX);
            for (String table : DatabaseTest.TABLES) {
                assertThat(script).contains("CREATE TABLE IF NOT EXISTS wecom_sync_" + table + " (");
            }
            assertThat(JdbcSchema.class.getClassLoader().getResource(dialect.schemaResource())).isNotNull();
        }
        assertThat(JdbcSchema.statements(SqlDialect.POSTGRESQL, "wecom_sync_")).hasSize(15);
        assertThat(JdbcSchema.statements(SqlDialect.H2, "wecom_sync_")).hasSize(15);
        assertThat(JdbcSchema.statements(SqlDialect.MYSQL, "wecom_sync_")).hasSize(10)
                .allSatisfy(s -> assertThat(s).endsWith("COLLATE=utf8mb4_bin"));
    }

    @Test
    void anotherPrefixRenamesEveryTableAndIndex() {
        String script = JdbcSchema.script(SqlDialect.POSTGRESQL, "acme_");
        assertThat(script).doesNotContain("wecom_sync_").contains("acme_token", "acme_event_expires ON acme_event");
    }

    @Test
    void aPrefixMustBeAPlainIdentifier() {
        for (String bad : new String[] {"", "1abc_", "a-b", "x; DROP TABLE users; --", "a.b_", "a".repeat(41)}) {
            assertThatThrownBy(() -> JdbcSchema.script(SqlDialect.H2, bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void dialectsAreDetectedFromTheProductName() {
        assertThat(SqlDialect.of("H2")).isEqualTo(SqlDialect.H2);
        assertThat(SqlDialect.of("PostgreSQL")).isEqualTo(SqlDialect.POSTGRESQL);
        assertThat(SqlDialect.of("MySQL")).isEqualTo(SqlDialect.MYSQL);
        assertThat(SqlDialect.of("MariaDB")).isEqualTo(SqlDialect.MYSQL);
        assertThatThrownBy(() -> SqlDialect.of("Oracle")).hasMessageContaining("unsupported database: Oracle");
    }

    @Test
    void aMissingTableFailsWithTheStoreOperationAndTable() {
        JdbcSyncStateStore store = JdbcSyncStateStore.builder().dataSource(Databases.H2.dataSource())
                .tablePrefix("wst_missing_").build();
        assertThatThrownBy(() -> store.read(EntityKind.USER)).isInstanceOf(JdbcStoreException.class)
                .hasMessageContaining("JdbcSyncStateStore: read USER from wst_missing_state failed")
                .hasCauseInstanceOf(java.sql.SQLException.class);
    }

    /** Creating the tables, in a prefix of its own that starts without tables. */
    @Nested
    @OnEveryDatabase
    class Creation {
        final DataSource dataSource;
        final String prefix = "wst" + UUID.randomUUID().toString().replace("-", "").substring(0, 10) + "_";

        Creation(Databases database) {
            this.dataSource = database.dataSource();
        }

        @AfterEach
        void dropTables() throws SQLException {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                for (String t : DatabaseTest.TABLES) s.execute("DROP TABLE IF EXISTS " + prefix + t);
            }
        }

        @Test
        void buildersCreateMissingTablesWhenAskedAndTwiceDoesNoHarm() {
            JdbcSyncStateStore store = JdbcSyncStateStore.builder().dataSource(dataSource).tablePrefix(prefix)
                    .createTables(true).build();
            JdbcEventDeduplicator.builder().dataSource(dataSource).tablePrefix(prefix).createTables(true).build();

            store.put(EntityKind.USER, Map.of("u", JdbcSyncStateStoreTest.fp("f")));
            assertThat(store.read(EntityKind.USER)).containsEntry("u", JdbcSyncStateStoreTest.fp("f"));
        }

        @Test
        void instancesStartingTogetherMayAllCreateTheTables() throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> creates = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    creates.add(pool.submit(() -> {
                        start.await();
                        JdbcSchema.create(dataSource, prefix);
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> create : creates) create.get(30, TimeUnit.SECONDS);
            } finally {
                pool.shutdownNow();
            }
            JdbcSyncLock lock = JdbcSyncLock.builder().dataSource(dataSource).tablePrefix(prefix).build();
            assertThat(lock.tryLock()).isTrue();
            lock.close();
        }
    }
}
