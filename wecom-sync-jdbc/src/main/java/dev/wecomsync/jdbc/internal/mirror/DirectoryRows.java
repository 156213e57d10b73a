package dev.wecomsync.jdbc.internal.mirror;

import static dev.wecomsync.jdbc.internal.BulkWrite.Column.bigint;
import static dev.wecomsync.jdbc.internal.BulkWrite.Column.bool;
import static dev.wecomsync.jdbc.internal.BulkWrite.Column.text;

import dev.wecomsync.jdbc.SqlDialect;
import dev.wecomsync.jdbc.internal.BulkWrite;
import dev.wecomsync.jdbc.internal.BulkWrite.Column;
import dev.wecomsync.model.Department;
import dev.wecomsync.model.User;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The set-based statements on the mirror's data tables: a batch of users is one upsert, one delete
 * of the memberships of those that existed (none in a first sync), one insert of the batch's
 * memberships, and one read of the row ids of the users that exist, before the upsert (PostgreSQL's
 * upsert says which existed instead); the upsert returns every row id on PostgreSQL and MariaDB,
 * H2 and MySQL read those of the new users after it. That holds whatever the
 * batch size (H2 and MySQL split statements past {@value BulkWrite#MAX_PARAMETERS} parameters).
 * Each runs on a connection the caller holds.
 */
public final class DirectoryRows {

    private static final List<Column> DEPARTMENT_KEY = List.of(bigint("id"));
    private static final List<Column> DEPARTMENT = List.of(text("name"), text("name_en"), bigint("parent_id"),
            bigint("sort_order"), text("leaders"));
    private static final List<Column> USER_KEY = List.of(text("userid_key"));
    private static final List<Column> USER = List.of(text("userid"), text("name"), text("position"), text("status"),
            bigint("main_department"), text("direct_leaders"), text("mobile"), text("email"), text("biz_mail"),
            text("gender"), text("avatar"), text("telephone"), text("alias"), text("address"), text("open_userid"),
            text("external_position"));
    /** What a write of users returns where the database can: the key and the row id. */
    private static final List<String> RETURNED = List.of("userid_key", "row_id");
    private static final List<Column> MEMBERSHIP = List.of(bigint("user_row_id"), bigint("department_id"),
            bigint("sort_order"), bool("is_leader"));

    private final SqlDialect dialect;
    private final String departments;
    private final String users;
    private final String memberships;

    public DirectoryRows(SqlDialect dialect, String prefix) {
        this.dialect = dialect;
        this.departments = prefix + "department";
        this.users = prefix + "user";
        this.memberships = prefix + "user_department";
    }

    public void upsertDepartments(Connection c, List<Department> batch) throws SQLException {
        List<Object[]> rows = new ArrayList<>(batch.size());
        for (Department d : batch) {
            rows.add(new Object[] {d.id(), d.name(), d.nameEn(), d.parentId(), d.order(),
                    d.leaders().isEmpty() ? null : String.join(",", d.leaders())});
        }
        BulkWrite.upsert(c, dialect, departments, DEPARTMENT_KEY, DEPARTMENT, rows);
    }

    /** Upserts the users (keyed by lower-case userid) and replaces all their memberships. */
    public void upsertUsers(Connection c, Map<String, User> byKey) throws SQLException {
        List<Object[]> rows = userRows(byKey);
        Map<String, Long> rowIds = new HashMap<>();
        if (dialect == SqlDialect.POSTGRESQL) {
            // the upsert says which rows existed: xmax is 0 on a row it inserted
            List<Long> existing = new ArrayList<>();
            BulkWrite.upsert(c, dialect, users, USER_KEY, USER, rows, List.of("userid_key", "row_id", "(xmax = 0)"),
                    r -> {
                        rowIds.put(r.getString(1), r.getLong(2));
                        if (!r.getBoolean(3)) existing.add(r.getLong(2));
                    });
            if (!existing.isEmpty()) {
                BulkWrite.forceCustomPlans(c, dialect);
                deleteMemberships(c, existing);
            }
        } else {
            // the rows that exist lose their memberships; the new ones' row ids come back from the upsert
            // (MariaDB) or are read after it (H2, MySQL)
            rowIds.putAll(rowIds(c, byKey.keySet()));
            deleteMemberships(c, rowIds.values());
            BulkWrite.upsert(c, dialect, users, USER_KEY, USER, rows, RETURNED, r -> rowIds.put(r.getString(1), r.getLong(2)));
            readMissing(c, byKey, rowIds);
        }
        insertMemberships(c, byKey, rowIds);
    }

    /**
     * Inserts users believed new, with their memberships: plain inserts, which on MySQL and MariaDB
     * cost much less than upserts; the insert returns the row ids (or, on H2 and MySQL, they are
     * read after it).
     *
     * @throws SQLException a duplicate key when one of them exists after all: the caller rolls
     *     back and writes the batch another way
     */
    public void insertUsers(Connection c, Map<String, User> byKey) throws SQLException {
        Map<String, Long> rowIds = new HashMap<>();
        BulkWrite.insert(c, dialect, users, BulkWrite.concat(USER_KEY, USER), userRows(byKey), RETURNED,
                r -> rowIds.put(r.getString(1), r.getLong(2)));
        readMissing(c, byKey, rowIds);
        insertMemberships(c, byKey, rowIds);
    }

    /** Reads the row ids a write did not return (all of them on H2 and MySQL, none elsewhere). */
    private void readMissing(Connection c, Map<String, User> byKey, Map<String, Long> rowIds) throws SQLException {
        List<String> missing = byKey.keySet().stream().filter(k -> !rowIds.containsKey(k)).toList();
        rowIds.putAll(rowIds(c, missing));
    }

    private void insertMemberships(Connection c, Map<String, User> byKey, Map<String, Long> rowIds)
            throws SQLException {
        List<Object[]> members = new ArrayList<>();
        byKey.forEach((key, u) -> {
            Set<Long> seen = new LinkedHashSet<>();
            for (int i = 0; i < u.departments().size(); i++) {
                long department = u.departments().get(i);
                if (seen.add(department)) {
                    members.add(new Object[] {rowIds.get(key), department,
                            i < u.orders().size() ? u.orders().get(i) : 0L,
                            i < u.leaderInDepartments().size() && u.leaderInDepartments().get(i)});
                }
            }
        });
        BulkWrite.insert(c, dialect, memberships, MEMBERSHIP, members);
    }

    private static List<Object[]> userRows(Map<String, User> byKey) {
        List<Object[]> rows = new ArrayList<>(byKey.size());
        byKey.forEach((key, u) -> rows.add(new Object[] {key, u.userId(), u.name(), u.position(), u.status().name(),
                u.mainDepartment(), u.directLeaders().isEmpty() ? null : String.join(",", u.directLeaders()),
                u.mobile(), u.email(), u.bizMail(), u.gender() == null ? null : u.gender().name(), u.avatar(),
                u.telephone(), u.alias(), u.address(), u.openUserId(), u.externalPosition()}));
        return rows;
    }

    /** userid_key → row_id for the keys that exist. */
    public Map<String, Long> rowIds(Connection c, Collection<String> keys) throws SQLException {
        Map<String, Long> out = new HashMap<>();
        BulkWrite.select(c, dialect, "SELECT userid_key, row_id FROM " + users, text("userid_key"), keys,
                r -> out.put(r.getString(1), r.getLong(2)));
        return out;
    }

    /** Deletes the users of these lower-case userids and their memberships. */
    public void deleteUsers(Connection c, List<String> keys) throws SQLException {
        deleteMemberships(c, rowIds(c, keys).values());
        BulkWrite.delete(c, dialect, users, "", List.of(), text("userid_key"), keys);
    }

    /** Deletes the departments and every membership in them. */
    public void deleteDepartments(Connection c, List<Long> ids) throws SQLException {
        BulkWrite.delete(c, dialect, memberships, "", List.of(), bigint("department_id"), ids);
        BulkWrite.delete(c, dialect, departments, "", List.of(), bigint("id"), ids);
    }

    /**
     * Gives the row of {@code oldKey} the new userid. A row already holding {@code newKey} (created
     * before the rename was known) is dropped with its memberships, so the older identity wins.
     * False when no row has {@code oldKey}.
     */
    public boolean rename(Connection c, String oldKey, String newKey, String newUserId) throws SQLException {
        Long row = rowIds(c, List.of(oldKey)).get(oldKey);
        if (row == null) return false;
        if (!newKey.equals(oldKey)) {
            Long other = rowIds(c, List.of(newKey)).get(newKey);
            if (other != null) {
                deleteMemberships(c, List.of(other));
                BulkWrite.delete(c, dialect, users, "", List.of(), bigint("row_id"), List.of(other));
            }
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + users
                + " SET userid = ?, userid_key = ? WHERE row_id = ?")) {
            ps.setString(1, newUserId);
            ps.setString(2, newKey);
            ps.setLong(3, row);
            ps.executeUpdate();
        }
        return true;
    }

    private void deleteMemberships(Connection c, Collection<Long> rowIds) throws SQLException {
        BulkWrite.delete(c, dialect, memberships, "", List.of(), bigint("user_row_id"), rowIds);
    }
}
