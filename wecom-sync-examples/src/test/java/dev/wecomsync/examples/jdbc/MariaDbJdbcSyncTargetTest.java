package dev.wecomsync.examples.jdbc;

import javax.sql.DataSource;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** Runs when {@code WECOM_SYNC_TEST_MARIADB_URL} is set (always in CI). */
@EnabledIfEnvironmentVariable(named = "WECOM_SYNC_TEST_MARIADB_URL", matches = "jdbc:(mariadb|mysql):.+")
class MariaDbJdbcSyncTargetTest extends JdbcSyncTargetContract {

    @Override
    DataSource database() {
        return new UrlDataSource(System.getenv("WECOM_SYNC_TEST_MARIADB_URL"));
    }
}
