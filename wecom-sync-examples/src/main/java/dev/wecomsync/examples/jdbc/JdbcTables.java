package dev.wecomsync.examples.jdbc;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The names of the five tables {@link JdbcSyncTarget} writes, all starting with one prefix
 * ({@code wecom_} by default), and the DDL that creates them.
 *
 * <pre>
 * wecom_department       (id PK, name, name_en, parent_id, sort_order, leaders)
 * wecom_user             (row_id PK, userid_key UNIQUE, userid, name, position, status, main_department, ...)
 * wecom_user_department  (user_row_id, department_id) PK, sort_order, is_leader
 * wecom_fingerprint      (kind, id_key) PK, id, fingerprint, parent_id
 * wecom_pending_deletion (kind, id) PK, missing_since, reason, detail, approved
 * </pre>
 *
 * <p>{@code wecom_user.row_id} is the user's identity in your database: it survives userid
 * renames, so point your own foreign keys at it. {@code userid_key} is the userid in lower case,
 * because WeCom compares userids ignoring case.
 *
 * @param prefix what every table name starts with
 */
public record JdbcTables(String prefix) {

    private static final Pattern PREFIX = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,39}");

    public JdbcTables {
        Objects.requireNonNull(prefix, "prefix == null");
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("table prefix must be a letter then up to 39 letters, digits or _: "
                    + prefix);
        }
    }

    /** The default tables: {@code wecom_department}, {@code wecom_user}, ... */
    public static JdbcTables defaults() {
        return new JdbcTables("wecom_");
    }

    public String department() {
        return prefix + "department";
    }

    public String user() {
        return prefix + "user";
    }

    public String userDepartment() {
        return prefix + "user_department";
    }

    /**
     * The sync state: the fingerprint of every record the tables hold. Not named {@code *_sync_state}
     * so that it never meets {@code wecom-sync-jdbc}'s own {@code wecom_sync_state}.
     */
    public String fingerprint() {
        return prefix + "fingerprint";
    }

    /** The deletions a full sync has not made yet (see {@code WeComSync.pendingDeletions()}). */
    public String pendingDeletion() {
        return prefix + "pending_deletion";
    }

    /** Every table, in an order in which they can be dropped. */
    public List<String> all() {
        return List.of(userDepartment(), user(), department(), fingerprint(), pendingDeletion());
    }

    /** CREATE TABLE / CREATE INDEX statements, each a no-op when the object exists. */
    List<String> ddl(Dialect dialect) {
        String options = dialect.tableOptions();
        // MySQL has no CREATE INDEX IF NOT EXISTS (MariaDB has): declare the index inside its table there.
        boolean inlineIndex = dialect == Dialect.MYSQL;
        String membershipIndex = prefix + "user_department_dept";
        List<String> ddl = new java.util.ArrayList<>(List.of(
                "CREATE TABLE IF NOT EXISTS " + department() + " ("
                        + "id BIGINT NOT NULL PRIMARY KEY, "
                        + "name VARCHAR(255), "
                        + "name_en VARCHAR(255), "
                        + "parent_id BIGINT NOT NULL, "
                        + "sort_order BIGINT NOT NULL, "
                        + "leaders VARCHAR(2000))" + options,
                "CREATE TABLE IF NOT EXISTS " + user() + " ("
                        + "row_id " + dialect.identityColumn() + ", "
                        + "userid_key VARCHAR(64) NOT NULL, "
                        + "userid VARCHAR(64) NOT NULL, "
                        + "name VARCHAR(255), "
                        + "position VARCHAR(255), "
                        + "status VARCHAR(16) NOT NULL, "
                        + "main_department BIGINT NOT NULL, "
                        + "direct_leaders VARCHAR(1000), "
                        + "mobile VARCHAR(64), "
                        + "email VARCHAR(255), "
                        + "biz_mail VARCHAR(255), "
                        + "gender VARCHAR(16), "
                        + "avatar VARCHAR(1024), "
                        + "telephone VARCHAR(64), "
                        + "alias VARCHAR(255), "
                        + "address VARCHAR(255), "
                        + "open_userid VARCHAR(128), "
                        + "external_position VARCHAR(255), "
                        + "CONSTRAINT " + prefix + "user_key UNIQUE (userid_key))" + options,
                "CREATE TABLE IF NOT EXISTS " + userDepartment() + " ("
                        + "user_row_id BIGINT NOT NULL, "
                        + "department_id BIGINT NOT NULL, "
                        + "sort_order BIGINT NOT NULL, "
                        + "is_leader BOOLEAN NOT NULL, "
                        + "PRIMARY KEY (user_row_id, department_id)"
                        + (inlineIndex ? ", KEY " + membershipIndex + " (department_id)" : "") + ")" + options,
                "CREATE TABLE IF NOT EXISTS " + fingerprint() + " ("
                        + "kind VARCHAR(16) NOT NULL, "
                        + "id_key VARCHAR(64) NOT NULL, "
                        + "id VARCHAR(64) NOT NULL, "
                        + "fingerprint VARCHAR(255) NOT NULL, "
                        + "parent_id BIGINT, "
                        + "PRIMARY KEY (kind, id_key))" + options,
                "CREATE TABLE IF NOT EXISTS " + pendingDeletion() + " ("
                        + "kind VARCHAR(16) NOT NULL, "
                        + "id VARCHAR(64) NOT NULL, "
                        + "missing_since BIGINT NOT NULL, "
                        + "reason VARCHAR(32) NOT NULL, "
                        + "detail VARCHAR(1000) NOT NULL, "
                        + "approved BOOLEAN NOT NULL, "
                        + "PRIMARY KEY (kind, id))" + options));
        if (!inlineIndex) {
            ddl.add("CREATE INDEX IF NOT EXISTS " + membershipIndex + " ON " + userDepartment() + " (department_id)");
        }
        return ddl;
    }
}
