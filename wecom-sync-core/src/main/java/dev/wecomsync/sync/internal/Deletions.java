package dev.wecomsync.sync.internal;

import dev.wecomsync.sync.EntityKind;
import dev.wecomsync.sync.Fingerprint;
import dev.wecomsync.sync.PendingDeletion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What is missing after a full read: the target's records that the listing did not show (left
 * out of the configured scope, or gone from WeCom), leaving out those an event wrote during the
 * run. {@link DeletionRules} decides which of them are deleted.
 */
final class Deletions {

    private static final Logger log = LoggerFactory.getLogger(Deletions.class);

    /**
     * One record that may have to be deleted.
     *
     * @param id the userid as the target has it, or the department id in decimal
     * @param knownOutOfScope true when this run's listing showed it exists outside the configured
     *     scope, so no read is needed to confirm
     */
    record Candidate(EntityKind kind, String id, boolean knownOutOfScope) {
        String key() {
            return PendingDeletion.key(kind, id);
        }
    }

    /** Missing users: normalized userid → the entry the target has. Rename detection may take one. */
    final Map<String, StateSnapshot.UserEntry> users = new HashMap<>();
    final Map<Long, Fingerprint> departments = new HashMap<>();
    final int knownUsers;
    final int knownDepartments;
    private final Set<String> usersOutOfScope;
    private final Set<Long> departmentsOutOfScope;

    private Deletions(int knownUsers, int knownDepartments, Set<String> usersOutOfScope, Set<Long> departmentsOutOfScope) {
        this.knownUsers = knownUsers;
        this.knownDepartments = knownDepartments;
        this.usersOutOfScope = usersOutOfScope;
        this.departmentsOutOfScope = departmentsOutOfScope;
    }

    /**
     * @param synced the departments in scope that were read
     * @param liveUsers normalized userids listed in scope
     * @param usersOutOfScope normalized userids the listing showed outside the scope
     * @param departmentsOutOfScope departments read outside the scope
     */
    static Deletions find(StateSnapshot state, Set<Long> synced, Set<String> liveUsers, Set<String> usersOutOfScope,
            Set<Long> departmentsOutOfScope, EventMarks marks) {
        Deletions gone = new Deletions(state.users.size(), state.departments.size(), usersOutOfScope,
                departmentsOutOfScope);
        state.users.forEach((id, entry) -> {
            if (!liveUsers.contains(id) && !marks.userTouched(id)) {
                gone.users.put(id, entry);
            }
        });
        state.departments.forEach((id, fp) -> {
            if (!synced.contains(id) && !marks.departmentTouched(id)) {
                gone.departments.put(id, fp);
            }
        });
        return gone;
    }

    /** Every candidate, users first (by userid), then departments children-first. */
    List<Candidate> candidates() {
        List<Candidate> out = new ArrayList<>(users.size() + departments.size());
        users.entrySet().stream().sorted(Map.Entry.comparingByValue(Comparator.comparing(StateSnapshot.UserEntry::storedId)))
                .forEach(e -> out.add(new Candidate(EntityKind.USER, e.getValue().storedId(),
                        usersOutOfScope.contains(e.getKey()))));
        for (Long id : childrenFirst(departments)) {
            out.add(new Candidate(EntityKind.DEPARTMENT, Long.toString(id), departmentsOutOfScope.contains(id)));
        }
        return out;
    }

    /** The target's fingerprint of a missing user; null when rename detection took it. */
    StateSnapshot.UserEntry user(String storedId) {
        return users.values().stream().filter(e -> e.storedId().equals(storedId)).findFirst().orElse(null);
    }

    /** Departments in the order to delete them: deepest first (by the parent ids the fingerprints hold). */
    List<Long> orderDepartments(Set<Long> ids) {
        Map<Long, Fingerprint> chosen = new HashMap<>();
        ids.forEach(id -> chosen.put(id, departments.get(id)));
        return childrenFirst(chosen);
    }

    static void logHeld(String message) {
        log.warn("full sync: {}", message);
    }

    /** Deepest first, by the parent ids the fingerprints hold; ties by id. */
    static List<Long> childrenFirst(Map<Long, Fingerprint> gone) {
        Map<Long, Integer> depth = new HashMap<>();
        for (Long id : gone.keySet()) {
            int d = 0;
            long parent = parentOf(gone.get(id));
            Set<Long> path = new HashSet<>(Set.of(id));
            while (gone.containsKey(parent) && path.add(parent)) {
                d++;
                parent = parentOf(gone.get(parent));
            }
            depth.put(id, d);
        }
        List<Long> ids = new ArrayList<>(gone.keySet());
        ids.sort(Comparator.<Long>comparingInt(depth::get).reversed().thenComparing(Comparator.naturalOrder()));
        return ids;
    }

    private static long parentOf(Fingerprint fp) {
        return fp == null ? -1 : fp.parentId().orElse(-1);
    }

    /** Whether an instant plus a delay has passed. */
    static boolean due(Instant since, java.time.Duration delay, Instant now) {
        return !now.isBefore(since.plus(delay));
    }
}
