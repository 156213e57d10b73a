package dev.wecomsync.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * The databases the tests run on: H2 in memory always; PostgreSQL and MariaDB when
 * {@value #POSTGRES_URL} and {@value #MARIADB_URL} name them (CI and the development machine run
 * both). One pool per database for the whole test run. Test classes take them through
 * {@link OnEveryDatabase}.
 */
enum Databases {
    H2("H2", null, "jdbc:h2:mem:wecomsync;DB_CLOSE_DELAY=-1"),
    POSTGRESQL("PostgreSQL", Databases.POSTGRES_URL, System.getenv(Databases.POSTGRES_URL)),
    MARIADB("MariaDB", Databases.MARIADB_URL, System.getenv(Databases.MARIADB_URL));

    static final String POSTGRES_URL = "WECOM_SYNC_TEST_POSTGRES_URL";
    static final String MARIADB_URL = "WECOM_SYNC_TEST_MARIADB_URL";

    private static final Map<Databases, HikariDataSource> POOLS = new ConcurrentHashMap<>();

    private final String displayName;
    private final String variable;
    private final String url;

    Databases(String displayName, String variable, String url) {
        this.displayName = displayName;
        this.variable = variable;
        this.url = url;
    }

    /**
     * The databases to run on: H2 and every database whose variable is set, in declaration order.
     * Where the environment variable {@code CI} is set, a database without its variable is an
     * error rather than a database left out: CI runs every test on every database.
     */
    static List<Databases> configured() {
        boolean ci = System.getenv("CI") != null && !System.getenv("CI").isBlank();
        return Arrays.stream(values()).filter(d -> {
            if (d.isConfigured()) return true;
            if (ci) {
                throw new IllegalStateException("CI is set but " + d.variable + " is not: CI runs the "
                        + d.displayName + " tests, so set it to a JDBC URL of a test database");
            }
            return false;
        }).toList();
    }

    boolean isConfigured() {
        return url != null && !url.isBlank();
    }

    /** How test names show the database: {@code [PostgreSQL]}. */
    String displayName() {
        return displayName;
    }

    DataSource dataSource() {
        if (!isConfigured()) throw new IllegalStateException(displayName + " is not configured: set " + variable);
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
