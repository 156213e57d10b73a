package dev.wecomsync.examples.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Objects;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} that opens a new connection to a JDBC URL for every
 * {@link #getConnection()}, through {@link DriverManager}. Enough for a test; the command-line tool
 * holds its connections in a HikariCP pool, as a server application would (HikariCP, its framework's).
 *
 * <p>{@link #toString()} shows the URL without its query, so passwords given there stay out of logs.
 */
public final class UrlDataSource implements DataSource {

    private final String url;

    public UrlDataSource(String url) {
        this.url = Objects.requireNonNull(url, "url == null");
        if (!url.startsWith("jdbc:")) {
            throw new IllegalArgumentException("not a JDBC URL (must start with jdbc:): " + redacted(url));
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        return DriverManager.getConnection(url);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return DriverManager.getConnection(url, username, password);
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
        DriverManager.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() {
        return DriverManager.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no java.util.logging here");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("not a wrapper for " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }

    /** The URL without anything after '?' or the first ';' (where drivers take passwords), for printing. */
    public static String redacted(String url) {
        int cut = url.length();
        for (char c : new char[] {'?', ';'}) {
            int i = url.indexOf(c);
            if (i >= 0 && i < cut) {
                cut = i;
            }
        }
        return cut < url.length() ? url.substring(0, cut) + "…" : url;
    }

    @Override
    public String toString() {
        return "UrlDataSource{" + redacted(url) + "}";
    }
}
