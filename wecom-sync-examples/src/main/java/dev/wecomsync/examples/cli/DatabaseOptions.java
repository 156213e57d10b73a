package dev.wecomsync.examples.cli;

import dev.wecomsync.examples.jdbc.UrlDataSource;
import dev.wecomsync.jdbc.JdbcSyncTarget;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import picocli.CommandLine.Option;

/** Where {@code sync} and {@code serve} write. */
final class DatabaseOptions {

    /** An H2 database file in the current folder. */
    static final String DEFAULT_URL = "jdbc:h2:file:./wecom-sync";

    @Option(names = "--jdbc-url", paramLabel = "URL", defaultValue = "${env:WECOM_SYNC_JDBC_URL:-" + DEFAULT_URL + "}",
            description = "JDBC URL of an H2, PostgreSQL, MariaDB or MySQL database. Default: $WECOM_SYNC_JDBC_URL,"
                    + " else " + DEFAULT_URL + " (an H2 file in this folder). Prefer the environment variable"
                    + " when the URL holds a password.")
    String jdbcUrl;

    @Option(names = "--table-prefix", paramLabel = "PREFIX", defaultValue = "wecom_",
            description = "Prefix of the five tables (default: ${DEFAULT-VALUE}).")
    String tablePrefix;

    /**
     * The database. An H2 URL gets H2's own small pool, which keeps the database file open between
     * calls; other URLs open a connection per call (enough for a command-line tool).
     */
    DataSource dataSource() {
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            return JdbcConnectionPool.create(jdbcUrl, "", "");
        }
        return new UrlDataSource(jdbcUrl);
    }

    /** Releases what {@link #dataSource()} holds open (H2's pool, and with it the database file). */
    static void close(DataSource dataSource) {
        if (dataSource instanceof JdbcConnectionPool pool) {
            pool.dispose();
        }
    }

    JdbcSyncTarget.Tables tables() {
        return new JdbcSyncTarget.Tables(tablePrefix);
    }
}
