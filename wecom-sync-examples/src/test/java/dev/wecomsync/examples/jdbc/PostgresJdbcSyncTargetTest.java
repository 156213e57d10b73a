package dev.wecomsync.examples.jdbc;

import javax.sql.DataSource;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** Runs when {@code WECOM_SYNC_TEST_POSTGRES_URL} is set (always in CI). */
@EnabledIfEnvironmentVariable(named = "WECOM_SYNC_TEST_POSTGRES_URL", matches = "jdbc:postgresql:.+")
class PostgresJdbcSyncTargetTest extends JdbcSyncTargetContract {

    @Override
    DataSource database() {
        return new UrlDataSource(System.getenv("WECOM_SYNC_TEST_POSTGRES_URL"));
    }
}
