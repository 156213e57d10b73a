package dev.wecomsync.jdbc.internal.mirror;

import dev.wecomsync.jdbc.SqlDialect;
import dev.wecomsync.jdbc.internal.Database;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives PostgreSQL's planner statistics on the mirror's tables once they hold rows. Tables that were
 * created empty have none until autovacuum gets to them (a minute or more), and without them
 * PostgreSQL plans {@code kind = ? AND id_key = ANY(?)} as a scan of every row of the kind: each
 * lookup of a batch's ids grows with the table (tens of milliseconds per batch at 100,000 rows,
 * against one for an index lookup). Statistics taken once, even on a table a hundredth of its final
 * size, are enough: the planner scales them by the table's current size. So the first time this
 * target has written {@value #ROWS} rows, it runs {@code ANALYZE} on its tables (milliseconds on
 * tables that size), once per target. Does nothing on other databases, whose plans do not depend on
 * it here. A role that may not analyze the tables gets PostgreSQL's warning, not an error.
 */
public final class PlannerStatistics {

    static final int ROWS = 1_000;

    private static final Logger log = LoggerFactory.getLogger(PlannerStatistics.class);

    private final Database db;
    private final List<String> tables;
    private final AtomicLong written = new AtomicLong();
    private final AtomicBoolean taken = new AtomicBoolean();

    public PlannerStatistics(Database db, List<String> tables) {
        this.db = db;
        this.tables = List.copyOf(tables);
    }

    /** Counts rows just committed; the call that reaches {@value #ROWS} analyzes the tables. */
    public void written(int rows) {
        if (db.dialect() != SqlDialect.POSTGRESQL || taken.get()) return;
        if (written.addAndGet(rows) < ROWS || !taken.compareAndSet(false, true)) return;
        try {
            db.run("analyze " + tables, c -> {
                try (Statement s = c.createStatement()) {
                    for (String table : tables) s.execute("ANALYZE " + table);
                }
                return null;
            });
        } catch (RuntimeException e) {
            log.debug("Could not analyze {}; PostgreSQL's autovacuum will", tables, e);
        }
    }
}
