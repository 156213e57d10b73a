package dev.wecomsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wecomsync.model.Department;
import dev.wecomsync.model.User;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * On PostgreSQL the mirror gives the planner statistics on its tables once it has written a
 * thousand users: without them, PostgreSQL plans the per-batch lookups by id as scans of the whole
 * table, and a first sync slows down as its tables grow.
 */
@EnabledIfEnvironmentVariable(named = Databases.POSTGRES_URL, matches = ".+")
class MirrorPlannerStatisticsTest {

    final DataSource dataSource = Databases.POSTGRESQL.dataSource();
    final String prefix = "wst" + UUID.randomUUID().toString().replace("-", "").substring(0, 10) + "_";
    final JdbcSyncTarget target = JdbcSyncTarget.builder().dataSource(dataSource).tablePrefix(prefix)
            .createTables(true).build();

    @AfterEach
    void dropTables() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String table : target.tables().all()) s.execute("DROP TABLE IF EXISTS " + table);
        }
    }

    @Test
    void theTablesAreAnalyzedOnceTheMirrorHoldsAThousandUsers() throws SQLException {
        target.upsertDepartments(List.of(new Department(1, "企业", null, 0, 0, List.of())));
        List<User> users = IntStream.range(0, 1_200)
                .mapToObj(i -> User.builder("user" + i).name("用户" + i).departments(List.of(1L)).mainDepartment(1).build())
                .toList();
        target.upsertUsers(users.subList(0, 500));
        assertThat(estimatedRows(target.tables().user())).as("not analyzed yet").isLessThan(500);

        target.upsertUsers(users.subList(500, 1_000));
        target.upsertUsers(users.subList(1_000, 1_200));

        assertThat(estimatedRows(target.tables().user())).as("users the planner knows of").isGreaterThanOrEqualTo(1_000);
        assertThat(estimatedRows(target.tables().fingerprint())).isGreaterThanOrEqualTo(1_000);
        assertThat(estimatedRows(target.tables().userDepartment())).isGreaterThanOrEqualTo(1_000);
    }

    /** The planner's row count: -1 (PostgreSQL 14 and later) or 0 until the table was analyzed. */
    long estimatedRows(String table) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT reltuples FROM pg_class WHERE oid = ?::regclass")) {
            s.setString(1, table);
            try (ResultSet r = s.executeQuery()) {
                assertThat(r.next()).isTrue();
                return r.getLong(1);
            }
        }
    }
}
