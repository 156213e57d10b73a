package dev.wecomsync.jdbc.internal.mirror;

import dev.wecomsync.model.User;
import dev.wecomsync.sync.EntityKind;
import dev.wecomsync.sync.Fingerprint;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The two ways of writing a batch of users a full sync found new, each on a connection the caller
 * holds in one transaction: first {@link #insert}, whose plain inserts fail with a duplicate key
 * when a user exists; after that rollback, {@link #writeAbsent}. Users are keyed by lower-case
 * userid; fingerprints by userid as written.
 */
public final class NewUsers {

    private final DirectoryRows directory;
    private final FingerprintRows state;

    public NewUsers(DirectoryRows directory, FingerprintRows state) {
        this.directory = directory;
        this.state = state;
    }

    /**
     * Inserts the users, their memberships and their state rows.
     *
     * @throws SQLException a duplicate key when one of them exists
     */
    public void insert(Connection c, Map<String, User> byKey, Map<String, Fingerprint> fingerprints)
            throws SQLException {
        directory.insertUsers(c, byKey);
        state.insert(c, EntityKind.USER, fingerprints);
    }

    /**
     * Upserts, with their state, the users that have no state row (a row of theirs without one,
     * left by a host or an earlier version, is upserted like a new user); returns the userids of
     * those that have one, left alone.
     */
    public Set<String> writeAbsent(Connection c, Map<String, User> byKey, Map<String, Fingerprint> fingerprints)
            throws SQLException {
        Set<String> stored = new HashSet<>();
        state.get(c, EntityKind.USER, fingerprints.keySet()).keySet()
                .forEach(id -> stored.add(User.normalizeUserId(id)));
        Set<String> existing = new LinkedHashSet<>();
        Map<String, User> absent = new LinkedHashMap<>();
        Map<String, Fingerprint> absentState = new LinkedHashMap<>();
        byKey.forEach((key, u) -> {
            if (stored.contains(key)) {
                existing.add(u.userId());
            } else {
                absent.put(key, u);
                absentState.put(u.userId(), fingerprints.get(u.userId()));
            }
        });
        if (!absent.isEmpty()) {
            directory.upsertUsers(c, absent);
            state.put(c, EntityKind.USER, absentState);
        }
        return existing;
    }
}
