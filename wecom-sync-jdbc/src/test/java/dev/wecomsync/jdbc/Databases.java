package dev.wecomsync.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * The databases the tests run on: H2 in memory always; PostgreSQL and MariaDB when
 * {@value #POSTGRES_URL} and {@value #MARIADB_URL} name them (CI and the development machine run
 * both). One pool per database for the whole test run.
 */
enum Databases {
    H2("jdbc:h2:mem:wecomsync;DB_CLOSE_DELAY=-1"),
    POSTGRESQL(System.getenv(Databases.POSTGRES_URL)),
    MARIADB(System.getenv(Databases.MARIADB_URL));

    static final String POSTGRES_URL = "WECOM_SYNC_TEST_POSTGRES_URL";
    static final String MARIADB_URL = "WECOM_SYNC_TEST_MARIADB_URL";

    private static final Map<Databases, HikariDataSource> POOLS = new ConcurrentHashMap<>();

    private final String url;

    Databases(String url) {
        this.url = url;
    }

    DataSource dataSource() {
        if (url == null || url.isBlank()) throw new IllegalStateException(name() + " is not configured");
        return POOLS.computeIfAbsent(this, d -> {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(d.url);
            config.setMaximumPoolSize(12);
            config.setMinimumIdle(0);
            config.setPoolName("test-" + d.name().toLowerCase());
            return new HikariDataSource(config);
        });
    }
}
