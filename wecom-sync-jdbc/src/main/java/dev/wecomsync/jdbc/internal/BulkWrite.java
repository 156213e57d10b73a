package dev.wecomsync.jdbc.internal;

import static java.util.Objects.requireNonNull;

import dev.wecomsync.jdbc.SqlDialect;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Set-based writes: many rows in one statement instead of one statement per row. On PostgreSQL
 * every column is one array parameter ({@code INSERT ... SELECT * FROM unnest(?, ?, ...)}, {@code
 * WHERE id = ANY(?)}), so a statement has the same text and a handful of parameters whatever the
 * number of rows; on H2 and MySQL/MariaDB rows go as multi-row {@code VALUES} lists and {@code IN}
 * lists of at most {@value #MAX_PARAMETERS} parameters. MariaDB (10.5 and later) returns the rows an
 * upsert wrote, as PostgreSQL does; MySQL does not. With MariaDB's own driver, plain inserts are one
 * JDBC batch, which that driver sends as a single bulk command of binary rows (cheaper than a long
 * {@code VALUES} list, whose every value the driver escapes into the statement's text).
 *
 * <p>On PostgreSQL, {@link #forceCustomPlans} should come before the {@link #delete}s and
 * {@link #select}s of a transaction: a statement the driver prepared on the server while a table was
 * empty otherwise keeps the generic plan made then (a sequential scan), which becomes slower with
 * every row the table gains. Upserts and inserts need no plan of that kind.
 */
public final class BulkWrite {

    /** The most bind parameters one multi-row statement gets on H2 and MySQL/MariaDB. */
    public static final int MAX_PARAMETERS = 16_000;

    /** The SQL type of a column, for PostgreSQL's typed arrays. */
    public enum Type {
        TEXT("varchar", Types.VARCHAR), BIGINT("int8", Types.BIGINT), BOOLEAN("bool", Types.BOOLEAN);

        private final String arrayType;
        private final int sqlType;

        Type(String arrayType, int sqlType) {
            this.arrayType = arrayType;
            this.sqlType = sqlType;
        }
    }

    /** A column of a bulk statement. */
    public record Column(String name, Type type) {
        public Column {
            requireNonNull(name, "name == null");
            requireNonNull(type, "type == null");
        }

        public static Column text(String name) {
            return new Column(name, Type.TEXT);
        }

        public static Column bigint(String name) {
            return new Column(name, Type.BIGINT);
        }

        public static Column bool(String name) {
            return new Column(name, Type.BOOLEAN);
        }
    }

    private BulkWrite() {}

    /**
     * Makes PostgreSQL plan each statement of the current transaction for its own parameters
     * ({@code SET LOCAL plan_cache_mode = force_custom_plan}, undone at commit or rollback, so a
     * pooled connection goes back as it came). Does nothing on other databases.
     */
    public static void forceCustomPlans(Connection c, SqlDialect dialect) throws SQLException {
        if (dialect != SqlDialect.POSTGRESQL) return;
        try (Statement s = c.createStatement()) {
            s.execute("SET LOCAL plan_cache_mode = force_custom_plan");
        }
    }

    /**
     * Inserts the rows, or updates the {@code values} columns of those whose {@code keys} exist. Each
     * row holds the key columns then the value columns. Rows with equal keys: the last one wins.
     */
    public static void upsert(Connection c, SqlDialect dialect, String table, List<Column> keys, List<Column> values,
            Collection<Object[]> rows) throws SQLException {
        upsert(c, dialect, table, keys, values, rows, List.of(), r -> {});
    }

    /**
     * Whether {@link #upsert} and {@link #insert} hand the rows they wrote to their reader on this
     * connection's database: on PostgreSQL and MariaDB they do; on H2 and MySQL the caller reads
     * them itself.
     */
    private static boolean returnsRows(Connection c, SqlDialect dialect) throws SQLException {
        return dialect == SqlDialect.POSTGRESQL || dialect == SqlDialect.MYSQL && isMariaDb(c);
    }

    /**
     * {@link #upsert} that also reads the {@code returning} columns of every row written ({@code
     * RETURNING}) on PostgreSQL and MariaDB; on H2 and MySQL {@code reader} is not called, and the
     * caller reads what it needs itself.
     */
    public static void upsert(Connection c, SqlDialect dialect, String table, List<Column> keys, List<Column> values,
            Collection<Object[]> rows, List<String> returning, RowReader reader) throws SQLException {
        List<Object[]> unique = lastPerKey(rows, keys.size());
        if (unique.isEmpty()) return;
        List<Column> all = concat(keys, values);
        String names = all.stream().map(Column::name).collect(Collectors.joining(", "));
        String keyNames = keys.stream().map(Column::name).collect(Collectors.joining(", "));
        boolean returns = !returning.isEmpty() && returnsRows(c, dialect);
        String tail = returns ? " RETURNING " + String.join(", ", returning) : "";
        if (dialect == SqlDialect.POSTGRESQL) {
            String sql = "INSERT INTO " + table + " (" + names + ") SELECT * FROM unnest("
                    + all.stream().map(col -> "?").collect(Collectors.joining(", ")) + ") ON CONFLICT (" + keyNames
                    + ") DO " + (values.isEmpty() ? "NOTHING" : "UPDATE SET " + values.stream()
                            .map(col -> col.name() + " = EXCLUDED." + col.name()).collect(Collectors.joining(", ")))
                    + tail;
            try (PreparedStatement s = c.prepareStatement(sql)) {
                bindArrays(c, s, 1, all, unique);
                execute(s, returns, reader);
            }
            return;
        }
        String row = "(" + all.stream().map(col -> "?").collect(Collectors.joining(", ")) + ")";
        for (List<Object[]> chunk : chunks(unique, all.size())) {
            String rowsSql = String.join(", ", Collections.nCopies(chunk.size(), row));
            String sql = switch (dialect) {
                case H2 -> "MERGE INTO " + table + " (" + names + ") KEY (" + keyNames + ") VALUES " + rowsSql;
                default -> "INSERT INTO " + table + " (" + names + ") VALUES " + rowsSql + " ON DUPLICATE KEY UPDATE "
                        + (values.isEmpty() ? keys.get(0).name() + " = " + keys.get(0).name() : values.stream()
                                .map(col -> col.name() + " = VALUES(" + col.name() + ")")
                                .collect(Collectors.joining(", ")))
                        + tail;
            };
            try (PreparedStatement s = c.prepareStatement(sql)) {
                int p = 1;
                for (Object[] cells : chunk) {
                    for (int i = 0; i < all.size(); i++) bind(s, p++, all.get(i).type(), cells[i]);
                }
                execute(s, returns, reader);
            }
        }
    }

    /** The key columns, then the value columns: the columns of an {@link #insert} of upsert rows. */
    public static List<Column> concat(List<Column> keys, List<Column> values) {
        List<Column> all = new ArrayList<>(keys);
        all.addAll(values);
        return all;
    }

    /** Plain multi-row inserts (no key may exist yet). */
    public static void insert(Connection c, SqlDialect dialect, String table, List<Column> columns,
            Collection<Object[]> rows) throws SQLException {
        insert(c, dialect, table, columns, rows, List.of(), r -> {});
    }

    /**
     * {@link #insert} that also reads the {@code returning} columns of every row inserted where
     * the database can (PostgreSQL, MariaDB); on H2 and MySQL {@code reader} is not called.
     */
    public static void insert(Connection c, SqlDialect dialect, String table, List<Column> columns,
            Collection<Object[]> rows, List<String> returning, RowReader reader) throws SQLException {
        if (rows.isEmpty()) return;
        String names = columns.stream().map(Column::name).collect(Collectors.joining(", "));
        boolean returns = !returning.isEmpty() && returnsRows(c, dialect);
        String tail = returns ? " RETURNING " + String.join(", ", returning) : "";
        if (dialect == SqlDialect.POSTGRESQL) {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO " + table + " (" + names + ") SELECT * FROM unnest("
                    + columns.stream().map(col -> "?").collect(Collectors.joining(", ")) + ")" + tail)) {
                bindArrays(c, s, 1, columns, new ArrayList<>(rows));
                execute(s, returns, reader);
            }
            return;
        }
        String row = "(" + columns.stream().map(col -> "?").collect(Collectors.joining(", ")) + ")";
        if (!returns && dialect == SqlDialect.MYSQL && isMariaDbDriver(c)) {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO " + table + " (" + names + ") VALUES " + row)) {
                for (Object[] values : rows) {
                    for (int i = 0; i < columns.size(); i++) bind(s, i + 1, columns.get(i).type(), values[i]);
                    s.addBatch();
                }
                s.executeBatch();
            }
            return;
        }
        for (List<Object[]> chunk : chunks(new ArrayList<>(rows), columns.size())) {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO " + table + " (" + names + ") VALUES "
                    + String.join(", ", Collections.nCopies(chunk.size(), row)) + tail)) {
                int p = 1;
                for (Object[] values : chunk) {
                    for (int i = 0; i < columns.size(); i++) bind(s, p++, columns.get(i).type(), values[i]);
                }
                execute(s, returns, reader);
            }
        }
    }

    /** Runs a write, handing the rows it returns to {@code reader} when {@code returns}. */
    private static void execute(PreparedStatement s, boolean returns, RowReader reader) throws SQLException {
        // execute, not executeQuery: MySQL's driver refuses executeQuery for an INSERT
        if (s.execute() && returns) {
            try (ResultSet r = s.getResultSet()) {
                while (r.next()) reader.read(r);
            }
        }
    }

    /**
     * Deletes the rows whose {@code column} is one of {@code ids}, after the fixed conditions
     * {@code where} (for example {@code "kind = ? AND "}) bound to {@code fixed}.
     */
    public static int delete(Connection c, SqlDialect dialect, String table, String where, List<Object> fixed,
            Column column, Collection<?> ids) throws SQLException {
        if (ids.isEmpty()) return 0;
        List<Object> distinct = ids.stream().distinct().collect(Collectors.toList());
        String prefix = "DELETE FROM " + table + " WHERE " + where + column.name();
        if (dialect == SqlDialect.POSTGRESQL) {
            try (PreparedStatement s = c.prepareStatement(prefix + " = ANY(?)")) {
                int p = bindFixed(s, fixed);
                s.setArray(p, c.createArrayOf(column.type().arrayType, distinct.toArray()));
                return s.executeUpdate();
            }
        }
        int deleted = 0;
        for (List<Object> chunk : chunks(distinct, 1)) {
            try (PreparedStatement s = c.prepareStatement(prefix + " IN ("
                    + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")")) {
                int p = bindFixed(s, fixed);
                for (Object id : chunk) bind(s, p++, column.type(), id);
                deleted += s.executeUpdate();
            }
        }
        return deleted;
    }

    /** Runs {@code select ... WHERE column IN/ANY (ids)} and hands every row to {@code reader}. */
    public static void select(Connection c, SqlDialect dialect, String select, Column column, Collection<?> ids,
            RowReader reader) throws SQLException {
        select(c, dialect, select, "", List.of(), column, ids, reader);
    }

    /**
     * Runs {@code select ... WHERE <where> column IN/ANY (ids)}, the fixed conditions {@code where}
     * (for example {@code "kind = ? AND "}, so that a key that leads with them is used) bound to
     * {@code fixed}, and hands every row to {@code reader}.
     */
    public static void select(Connection c, SqlDialect dialect, String select, String where, List<Object> fixed,
            Column column, Collection<?> ids, RowReader reader) throws SQLException {
        if (ids.isEmpty()) return;
        List<Object> distinct = ids.stream().distinct().collect(Collectors.toList());
        String prefix = select + " WHERE " + where + column.name();
        if (dialect == SqlDialect.POSTGRESQL) {
            try (PreparedStatement s = c.prepareStatement(prefix + " = ANY(?)")) {
                int p = bindFixed(s, fixed);
                s.setArray(p, c.createArrayOf(column.type().arrayType, distinct.toArray()));
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) reader.read(r);
                }
            }
            return;
        }
        for (List<Object> chunk : chunks(distinct, 1)) {
            try (PreparedStatement s = c.prepareStatement(prefix + " IN ("
                    + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")")) {
                int p = bindFixed(s, fixed);
                for (Object id : chunk) bind(s, p++, column.type(), id);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) reader.read(r);
                }
            }
        }
    }

    /** Reads one row of a result. */
    @FunctionalInterface
    public interface RowReader {
        void read(ResultSet row) throws SQLException;
    }

    /** A MariaDB server (its version says so, whichever driver reports it). */
    private static boolean isMariaDb(Connection c) throws SQLException {
        String version = c.getMetaData().getDatabaseProductVersion();
        return version != null && version.toLowerCase(Locale.ROOT).contains("mariadb");
    }

    /** MariaDB's driver on a MariaDB server: a batch of inserts goes as one bulk command. */
    private static boolean isMariaDbDriver(Connection c) throws SQLException {
        String driver = c.getMetaData().getDriverName();
        return driver != null && driver.toLowerCase(Locale.ROOT).contains("mariadb") && isMariaDb(c);
    }

    private static int bindFixed(PreparedStatement s, List<Object> fixed) throws SQLException {
        int p = 1;
        for (Object value : fixed) s.setObject(p++, value);
        return p;
    }

    private static void bindArrays(Connection c, PreparedStatement s, int first, List<Column> columns,
            List<Object[]> rows) throws SQLException {
        for (int i = 0; i < columns.size(); i++) {
            Object[] column = new Object[rows.size()];
            for (int r = 0; r < rows.size(); r++) column[r] = rows.get(r)[i];
            Array array = c.createArrayOf(columns.get(i).type().arrayType, column);
            s.setArray(first + i, array);
        }
    }

    private static void bind(PreparedStatement s, int index, Type type, Object value) throws SQLException {
        if (value == null) {
            s.setNull(index, type.sqlType);
        } else {
            switch (type) {
                case TEXT -> s.setString(index, (String) value);
                case BIGINT -> s.setLong(index, ((Number) value).longValue());
                case BOOLEAN -> s.setBoolean(index, (Boolean) value);
            }
        }
    }

    private static List<Object[]> lastPerKey(Collection<Object[]> rows, int keyColumns) {
        Map<List<Object>, Object[]> byKey = new LinkedHashMap<>();
        for (Object[] row : rows) {
            List<Object> key = new ArrayList<>(keyColumns);
            for (int i = 0; i < keyColumns; i++) key.add(row[i]);
            byKey.remove(key);
            byKey.put(key, row);
        }
        return new ArrayList<>(byKey.values());
    }

    private static <T> List<List<T>> chunks(List<T> rows, int columns) {
        int size = Math.max(1, MAX_PARAMETERS / columns);
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i += size) out.add(rows.subList(i, Math.min(rows.size(), i + size)));
        return out;
    }
}
