package dev.wecomsync.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A test against one database, in tables of its own: a random prefix per test, so that parallel
 * runs and other users of the same databases never collide; the tables are dropped afterwards.
 */
abstract class DatabaseTest {

    static final List<String> TABLES = List.of("token", "inbox", "event", "lock", "state", "pending_deletion", "rate", "run",
            "run_change", "run_failure");

    final Databases database;
    final String prefix = "wst" + UUID.randomUUID().toString().replace("-", "").substring(0, 10) + "_";
    DataSource dataSource;
    SqlDialect dialect;

    DatabaseTest(Databases database) {
        this.database = database;
    }

    @BeforeEach
    void createTables() {
        dataSource = database.dataSource();
        dialect = SqlDialect.detect(dataSource);
        JdbcSchema.create(dataSource, dialect, prefix);
    }

    @AfterEach
    void dropTables() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String table : TABLES) s.execute("DROP TABLE IF EXISTS " + prefix + table);
        }
    }
}
