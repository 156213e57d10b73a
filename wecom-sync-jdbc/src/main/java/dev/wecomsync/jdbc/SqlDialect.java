package dev.wecomsync.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * The databases the JDBC stores speak to. Each store detects its dialect from the
 * {@link java.sql.DatabaseMetaData#getDatabaseProductName() product name} of its first
 * connection, unless its builder was given one.
 */
public enum SqlDialect {
    /** H2 2.x, in any compatibility mode. */
    H2("h2"),
    /** PostgreSQL 12 or later. */
    POSTGRESQL("postgresql"),
    /** MySQL 8 or later, and MariaDB 10.5 or later. */
    MYSQL("mysql");

    private final String scriptName;

    SqlDialect(String scriptName) {
        this.scriptName = scriptName;
    }

    /**
     * The dialect of a database product name as JDBC reports it ({@code "H2"}, {@code
     * "PostgreSQL"}, {@code "MySQL"}, {@code "MariaDB"}).
     *
     * @throws IllegalArgumentException for any other database
     */
    public static SqlDialect of(String databaseProductName) {
        String name = databaseProductName == null ? "" : databaseProductName.toLowerCase(Locale.ROOT);
        if (name.startsWith("h2")) return H2;
        if (name.contains("postgresql")) return POSTGRESQL;
        if (name.contains("mysql") || name.contains("mariadb")) return MYSQL;
        throw new IllegalArgumentException("unsupported database: " + databaseProductName
                + " (wecom-sync-jdbc supports H2, PostgreSQL, MySQL and MariaDB)");
    }

    /** Asks a connection of {@code dataSource} which database it is. */
    public static SqlDialect detect(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return of(connection.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            throw new JdbcStoreException("could not detect the database dialect", e);
        }
    }

    /** The resource path of this dialect's schema script, e.g. {@code dev/wecomsync/jdbc/schema-h2.sql}. */
    public String schemaResource() {
        return "dev/wecomsync/jdbc/schema-" + scriptName + ".sql";
    }
}
