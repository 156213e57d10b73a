package dev.wecomsync.examples.jdbc;

import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

class H2JdbcSyncTargetTest extends JdbcSyncTargetContract {

    private static final JdbcDataSource H2 = new JdbcDataSource();

    static {
        H2.setURL("jdbc:h2:mem:jdbc-target-test;DB_CLOSE_DELAY=-1");
    }

    @Override
    DataSource database() {
        return H2;
    }
}
