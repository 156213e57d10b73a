package dev.wecomsync.jdbc;

import dev.wecomsync.model.UserStatus;
import dev.wecomsync.testkit.Org;
import dev.wecomsync.testkit.SimDepartment;
import dev.wecomsync.testkit.SimUser;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * One sorted line per department and user, computed the same way from a {@link JdbcSyncTarget}'s
 * tables and from a simulator's {@link Org}: equal exactly when both hold the same directory
 * (departments: id, names, parent, order, leaders; users: userid, name, position, status, main
 * department, direct leaders, each membership's order and leader flag). Empty text counts as absent.
 */
final class MirrorContents {

    private MirrorContents() {}

    static List<String> of(Org org) {
        List<String> lines = new ArrayList<>();
        for (SimDepartment d : org.departments()) {
            lines.add(department(d.id(), d.name(), d.nameEn(), d.parentId(), d.order(), String.join(",", d.leaders())));
        }
        for (SimUser u : org.users()) {
            Map<Long, String> member = new TreeMap<>();
            for (int i = 0; i < u.departments().size(); i++) {
                member.put(u.departments().get(i), u.orders().get(i) + ":" + u.leaderInDepartments().get(i));
            }
            lines.add(user(u.userId(), u.name(), u.position(), UserStatus.fromCode(u.status()).name(),
                    u.mainDepartment(), String.join(",", u.directLeaders()), member));
        }
        lines.sort(null);
        return lines;
    }

    static List<String> of(DataSource dataSource, JdbcSyncTarget.Tables tables) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT id, name, name_en, parent_id, sort_order, leaders FROM "
                    + tables.department())) {
                while (rs.next()) {
                    lines.add(department(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
                            rs.getString(6)));
                }
            }
            Map<Long, Map<Long, String>> members = new TreeMap<>();
            try (ResultSet rs = s.executeQuery("SELECT user_row_id, department_id, sort_order, is_leader FROM "
                    + tables.userDepartment())) {
                while (rs.next()) {
                    members.computeIfAbsent(rs.getLong(1), k -> new TreeMap<>())
                            .put(rs.getLong(2), rs.getLong(3) + ":" + rs.getBoolean(4));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT row_id, userid, name, position, status, main_department,"
                    + " direct_leaders FROM " + tables.user())) {
                while (rs.next()) {
                    lines.add(user(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getLong(6),
                            rs.getString(7), members.getOrDefault(rs.getLong(1), Map.of())));
                }
            }
        }
        lines.sort(null);
        return lines;
    }

    private static String department(long id, String name, String nameEn, long parent, long order, String leaders) {
        return "D|" + id + "|" + text(name) + "|" + text(nameEn) + "|" + parent + "|" + order + "|" + text(leaders);
    }

    private static String user(String userId, String name, String position, String status, long main,
            String directLeaders, Map<Long, String> memberships) {
        return "U|" + userId + "|" + text(name) + "|" + text(position) + "|" + status + "|" + main + "|"
                + text(directLeaders) + "|" + memberships;
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }
}
