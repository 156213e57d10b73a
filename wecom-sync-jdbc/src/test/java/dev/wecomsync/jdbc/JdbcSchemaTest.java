package dev.wecomsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wecomsync.sync.EntityKind;
import java.util.Map;
import javax.sql.DataSource;
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
        assertThat(JdbcSchema.statements(SqlDialect.POSTGRESQL, "wecom_sync_")).hasSize(5);
        assertThat(JdbcSchema.statements(SqlDialect.H2, "wecom_sync_")).hasSize(5);
        assertThat(JdbcSchema.statements(SqlDialect.MYSQL, "wecom_sync_")).hasSize(4)
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
    void buildersCreateMissingTablesWhenAskedAndTwiceDoesNoHarm() throws Exception {
        DataSource h2 = Databases.H2.dataSource();
        String prefix = "wst_schema_" + Long.toHexString(System.nanoTime()) + "_";
        try {
            JdbcSyncStateStore store = JdbcSyncStateStore.builder().dataSource(h2).tablePrefix(prefix)
                    .createTables(true).build();
            JdbcSyncStateStore.builder().dataSource(h2).tablePrefix(prefix).createTables(true).build();
            store.put(EntityKind.USER, Map.of("u", "f"));
            assertThat(store.read(EntityKind.USER)).containsEntry("u", "f");
        } finally {
            try (var c = h2.getConnection(); var s = c.createStatement()) {
                for (String t : DatabaseTest.TABLES) s.execute("DROP TABLE IF EXISTS " + prefix + t);
            }
        }
    }

    @Test
    void aMissingTableFailsWithTheStoreOperationAndTable() {
        JdbcSyncStateStore store = JdbcSyncStateStore.builder().dataSource(Databases.H2.dataSource())
                .tablePrefix("wst_missing_").build();
        assertThatThrownBy(() -> store.read(EntityKind.USER)).isInstanceOf(JdbcStoreException.class)
                .hasMessageContaining("JdbcSyncStateStore: read USER from wst_missing_state failed")
                .hasCauseInstanceOf(java.sql.SQLException.class);
    }
}
