package dev.wecomsync.benchmarks.mirror;

import dev.wecomsync.jdbc.JdbcSyncTarget;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.sql.DataSource;

/**
 * The baseline: the rows a {@link JdbcSyncTarget} wrote (departments, users, memberships,
 * fingerprints), read into memory, then inserted into empty tables of the same schema with plain
 * JDBC batches ({@code addBatch}, {@code executeBatch} and a commit every {@value #BATCH} rows,
 * default driver settings). Only the insert is timed.
 */
final class Plain {

    static final int BATCH = 1_000;

    record Result(long nanos, long rows, long statements) {}

    /** The rows of the four tables, and their column names. */
    record Rows(List<List<String>> columns, List<List<Object[]>> data) {}

    private Plain() {}

    /** Reads the rows a target wrote. */
    static Rows read(DataSource pool, JdbcSyncTarget.Tables from) throws SQLException {
        List<String> fromTables = List.of(from.department(), from.user(), from.userDepartment(), from.fingerprint());
        List<List<Object[]>> data = new ArrayList<>();
        List<List<String>> columns = new ArrayList<>();
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            for (String table : fromTables) {
                try (ResultSet r = s.executeQuery("SELECT * FROM " + table)) {
                    ResultSetMetaData meta = r.getMetaData();
                    List<String> names = new ArrayList<>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) names.add(meta.getColumnName(i));
                    List<Object[]> rows = new ArrayList<>();
                    while (r.next()) {
                        Object[] row = new Object[names.size()];
                        for (int i = 0; i < row.length; i++) row[i] = r.getObject(i + 1);
                        rows.add(row);
                    }
                    columns.add(names);
                    data.add(rows);
                }
            }
        }
        return new Rows(columns, data);
    }

    /** Inserts the rows into new tables named with {@code toPrefix}; only the inserts and commits are timed. */
    static Result insert(DataSource pool, Rows from, String toPrefix) throws SQLException {
        JdbcSyncTarget.Tables to = JdbcSyncTarget.builder().dataSource(pool).tablePrefix(toPrefix).createTables(true)
                .build().tables();
        List<String> toTables = List.of(to.department(), to.user(), to.userDepartment(), to.fingerprint());
        List<List<String>> columns = from.columns();
        List<List<Object[]>> data = from.data();
        long rows = 0;
        long statements = 0;
        long start = System.nanoTime();
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            for (int t = 0; t < toTables.size(); t++) {
                List<String> names = columns.get(t);
                String sql = "INSERT INTO " + toTables.get(t) + " (" + String.join(", ", names) + ") VALUES ("
                        + String.join(", ", Collections.nCopies(names.size(), "?")) + ")";
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    int pending = 0;
                    for (Object[] row : data.get(t)) {
                        for (int i = 0; i < row.length; i++) ps.setObject(i + 1, row[i]);
                        ps.addBatch();
                        rows++;
                        if (++pending == BATCH) {
                            ps.executeBatch();
                            c.commit();
                            statements++;
                            pending = 0;
                        }
                    }
                    if (pending > 0) {
                        ps.executeBatch();
                        c.commit();
                        statements++;
                    }
                }
            }
            c.setAutoCommit(true);
        }
        return new Result(System.nanoTime() - start, rows, statements);
    }
}
