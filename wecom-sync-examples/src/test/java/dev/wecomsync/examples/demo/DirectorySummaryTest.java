package dev.wecomsync.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wecomsync.jdbc.JdbcSyncTarget;
import dev.wecomsync.model.Department;
import dev.wecomsync.model.User;
import dev.wecomsync.model.UserStatus;
import dev.wecomsync.testkit.Org;
import dev.wecomsync.testkit.SimDepartment;
import dev.wecomsync.testkit.SimUser;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

class DirectorySummaryTest {

    @Test
    void equalDirectoriesSummarizeAlikeAndAnyDifferenceShows() throws Exception {
        Org org = Org.of(List.of(SimDepartment.of(1, "企业", 0), SimDepartment.of(2, "研发部", 1)),
                List.of(SimUser.builder("ZhangSan", "张三").department(2, 5, true).position("").build()));
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:summary-test;DB_CLOSE_DELAY=-1");
        JdbcSyncTarget.Tables tables = new JdbcSyncTarget.Tables("summary_");
        JdbcSyncTarget target = JdbcSyncTarget.builder().dataSource(h2).tablePrefix(tables.prefix())
                .createTables(true).build();
        target.upsertDepartments(List.of(new Department(1, "企业", null, 0, 0, null),
                new Department(2, "研发部", null, 1, 0, null)));
        target.upsertUsers(List.of(User.builder("ZhangSan").name("张三").departments(List.of(2L))
                .orders(List.of(5L)).leaderInDepartments(List.of(true)).mainDepartment(2)
                .status(UserStatus.ACTIVE).build()));

        DirectorySummary expected = DirectorySummary.of(org);
        assertThat(DirectorySummary.of(h2, tables)).isEqualTo(expected);
        assertThat(expected.toString()).contains("2 departments, 1 users, 1 memberships");

        try (Connection c = h2.getConnection(); Statement s = c.createStatement()) {
            s.execute("UPDATE summary_user_department SET sort_order = 6");
        }
        DirectorySummary changed = DirectorySummary.of(h2, tables);
        assertThat(changed.checksum()).isNotEqualTo(expected.checksum());
        assertThat(changed.differences(expected, 5)).containsExactly(
                "- U|ZhangSan|张三||ACTIVE|2||{2=6:true}", "+ U|ZhangSan|张三||ACTIVE|2||{2=5:true}");
    }
}
