package dev.wecomsync.examples.cli;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.sql.DriverManager;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The database a command works on: a HikariCP pool over the JDBC URL, so that a long-running
 * {@code serve} (its inbox workers, its reconciles, its callbacks) and a {@code sync} reuse a few
 * connections instead of opening one per call. {@link #close()} closes the pool, and with it an
 * H2 database file.
 */
final class DatabasePool implements AutoCloseable {

    /** Enough for {@code serve}: the inbox worker, a reconcile and the callback answers at once. */
    private static final int MAX_CONNECTIONS = 6;

    private final HikariDataSource pool;

    private DatabasePool(HikariDataSource pool) {
        this.pool = pool;
    }

    /**
     * A pool over {@code url}, checked first: it must be a JDBC URL that one of this tool's
     * drivers accepts.
     *
     * @throws UsageException when it is not
     */
    static DatabasePool open(String url) {
        check(url);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setPoolName("wecom-sync");
        config.setMaximumPoolSize(MAX_CONNECTIONS);
        config.setMinimumIdle(1);
        // One try at the start: a database that cannot be reached fails the command at once, as a database
        // error, instead of after the 30 s a pool waits for a connection.
        config.setInitializationFailTimeout(1);
        try {
            return new DatabasePool(new HikariDataSource(config));
        } catch (HikariPool.PoolInitializationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new DatabaseUnavailableException("cannot open the database " + redacted(url) + ": "
                    + cause.getMessage(), cause);
        }
    }

    /** The database could not be reached or opened; the message names it without its password. */
    static final class DatabaseUnavailableException extends RuntimeException {
        DatabaseUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Fails with what to change when {@code url} is not a JDBC URL this tool has a driver for. */
    static void check(String url) {
        if (!url.startsWith("jdbc:")) {
            throw new UsageException("--jdbc-url must be a JDBC URL starting with jdbc:, like"
                    + " jdbc:postgresql://host:5432/db?user=app or jdbc:h2:file:./wecom-sync; got " + redacted(url));
        }
        try {
            DriverManager.getDriver(url);
        } catch (SQLException e) {
            throw new UsageException("no JDBC driver of this tool accepts " + redacted(url)
                    + ": use an H2 (jdbc:h2:), PostgreSQL (jdbc:postgresql:), MariaDB (jdbc:mariadb:) or MySQL"
                    + " (jdbc:mysql:) URL");
        }
    }

    DataSource dataSource() {
        return pool;
    }

    @Override
    public void close() {
        pool.close();
    }

    /** The URL without anything after '?' or the first ';' (where drivers take passwords), for printing. */
    static String redacted(String url) {
        int cut = url.length();
        for (char c : new char[] {'?', ';'}) {
            int i = url.indexOf(c);
            if (i >= 0 && i < cut) {
                cut = i;
            }
        }
        int at = url.indexOf('@');
        String shown = cut < url.length() ? url.substring(0, cut) + "…" : url;
        if (at >= 0 && at < cut) {
            int scheme = url.indexOf("//");
            if (scheme >= 0 && scheme < at) {
                shown = url.substring(0, scheme + 2) + "…@" + shown.substring(at + 1);
            }
        }
        return shown;
    }

    @Override
    public String toString() {
        return "DatabasePool{" + pool.getPoolName() + "}";
    }
}
