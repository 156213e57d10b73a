package dev.wecomsync.jdbc;

import static java.util.Objects.requireNonNull;

import dev.wecomsync.jdbc.internal.TablePrefix;
import javax.sql.DataSource;

/**
 * What every store of this package is configured with: the host's data source, the table prefix,
 * the dialect and whether to create the tables. Each store's {@code Builder} extends it and adds
 * its own settings.
 *
 * @param <B> the concrete builder, returned by every setter so calls chain
 */
public abstract class JdbcStoreBuilder<B extends JdbcStoreBuilder<B>> {

    DataSource dataSource;
    String tablePrefix = JdbcSchema.DEFAULT_PREFIX;
    SqlDialect dialect;
    boolean createTables;

    JdbcStoreBuilder() {
    }

    /** The host's data source; a pooled one is best. Required. */
    public B dataSource(DataSource dataSource) {
        this.dataSource = requireNonNull(dataSource, "dataSource == null");
        return self();
    }

    /**
     * Prefix of the table names ({@code <prefix>token}, {@code <prefix>inbox}, {@code <prefix>event},
     * {@code <prefix>lock}, {@code <prefix>state}, {@code <prefix>rate}, {@code <prefix>run}, ...): a
     * plain SQL identifier; default {@value JdbcSchema#DEFAULT_PREFIX}.
     */
    public B tablePrefix(String tablePrefix) {
        this.tablePrefix = TablePrefix.check(tablePrefix);
        return self();
    }

    /** The database's dialect; detected from the first connection by default. */
    public B dialect(SqlDialect dialect) {
        this.dialect = requireNonNull(dialect, "dialect == null");
        return self();
    }

    /** Whether {@code build()} creates the tables that do not exist yet; default false. */
    public B createTables(boolean createTables) {
        this.createTables = createTables;
        return self();
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /** For {@code build()}: checks the required settings and creates the tables when asked. */
    final void prepare() {
        if (dataSource == null) {
            throw new IllegalStateException("dataSource == null");
        }
        if (createTables) {
            JdbcSchema.create(dataSource, dialect != null ? dialect : SqlDialect.detect(dataSource), tablePrefix);
        }
    }
}
