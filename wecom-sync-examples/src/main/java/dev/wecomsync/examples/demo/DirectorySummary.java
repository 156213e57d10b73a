package dev.wecomsync.examples.demo;

import dev.wecomsync.jdbc.JdbcSyncTarget;
import dev.wecomsync.model.UserStatus;
import dev.wecomsync.testkit.Org;
import dev.wecomsync.testkit.SimDepartment;
import dev.wecomsync.testkit.SimUser;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * Counts and a checksum of a directory, computed the same way from the database that
 * {@link JdbcSyncTarget} wrote and from a simulator's {@link Org}: two
 * summaries are equal exactly when both hold the same departments and users.
 *
 * <p>What is compared is what an app created after June 2022 can read: departments (id, name,
 * English name, parent, order, leaders) and users (userid, name, position, status, main
 * department, direct leaders, and each membership with its order and leader flag). Empty text
 * counts as absent.
 *
 * @param departments how many departments
 * @param users how many users
 * @param memberships how many (user, department) memberships
 * @param checksum SHA-256 over one canonical line per record, sorted, in hex
 * @param lines the canonical lines, for showing differences
 */
public record DirectorySummary(int departments, int users, int memberships, String checksum, List<String> lines) {

    public DirectorySummary {
        lines = List.copyOf(lines);
    }

    /** The summary of what a simulator serves. */
    public static DirectorySummary of(Org org) {
        List<String> lines = new ArrayList<>();
        int memberships = 0;
        for (SimDepartment d : org.departments()) {
            lines.add(department(d.id(), d.name(), d.nameEn(), d.parentId(), d.order(), String.join(",", d.leaders())));
        }
        for (SimUser u : org.users()) {
            Map<Long, String> member = new TreeMap<>();
            for (int i = 0; i < u.departments().size(); i++) {
                member.put(u.departments().get(i), u.orders().get(i) + ":" + u.leaderInDepartments().get(i));
            }
            memberships += member.size();
            lines.add(user(u.userId(), u.name(), u.position(), UserStatus.fromCode(u.status()).name(),
                    u.mainDepartment(), String.join(",", u.directLeaders()), member));
        }
        return of(lines, org.departmentCount(), org.userCount(), memberships);
    }

    /** The summary of what the tables hold. */
    public static DirectorySummary of(DataSource dataSource, JdbcSyncTarget.Tables tables) throws SQLException {
        List<String> lines = new ArrayList<>();
        int departments = 0;
        int users = 0;
        int memberships = 0;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT id, name, name_en, parent_id, sort_order, leaders FROM "
                    + tables.department())) {
                while (rs.next()) {
                    departments++;
                    lines.add(department(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
                            rs.getString(6)));
                }
            }
            Map<Long, Map<Long, String>> members = new TreeMap<>();
            try (ResultSet rs = s.executeQuery("SELECT user_row_id, department_id, sort_order, is_leader FROM "
                    + tables.userDepartment())) {
                while (rs.next()) {
                    memberships++;
                    members.computeIfAbsent(rs.getLong(1), k -> new TreeMap<>())
                            .put(rs.getLong(2), rs.getLong(3) + ":" + rs.getBoolean(4));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT row_id, userid, name, position, status, main_department,"
                    + " direct_leaders FROM " + tables.user())) {
                while (rs.next()) {
                    users++;
                    lines.add(user(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getLong(6),
                            rs.getString(7), members.getOrDefault(rs.getLong(1), Map.of())));
                }
            }
        }
        return of(lines, departments, users, memberships);
    }

    /** The checksum's first 16 hex digits, for printing. */
    public String shortChecksum() {
        return checksum.substring(0, 16);
    }

    /** Lines in one summary and not the other, at most {@code max}, each marked "-" (only here) or "+" (only there). */
    public List<String> differences(DirectorySummary other, int max) {
        List<String> out = new ArrayList<>();
        java.util.Set<String> theirs = new java.util.HashSet<>(other.lines);
        java.util.Set<String> ours = new java.util.HashSet<>(lines);
        lines.stream().filter(l -> !theirs.contains(l)).limit(max).forEach(l -> out.add("- " + l));
        other.lines.stream().filter(l -> !ours.contains(l)).limit(max).forEach(l -> out.add("+ " + l));
        return out;
    }

    /** Counts and checksum only. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%,d departments, %,d users, %,d memberships, checksum %s",
                departments, users, memberships, shortChecksum());
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

    private static DirectorySummary of(List<String> lines, int departments, int users, int memberships) {
        List<String> sorted = new ArrayList<>(lines);
        sorted.sort(null);
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String line : sorted) {
                sha.update(line.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) '\n');
            }
            return new DirectorySummary(departments, users, memberships, HexFormat.of().formatHex(sha.digest()), sorted);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
