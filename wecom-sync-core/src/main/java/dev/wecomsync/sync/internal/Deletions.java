package dev.wecomsync.sync.internal;

import dev.wecomsync.model.Department;
import dev.wecomsync.sync.DeletionGuard;
import dev.wecomsync.sync.EntityKind;
import dev.wecomsync.sync.Fingerprint;
import dev.wecomsync.sync.SyncPhase;
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
 * What is gone from WeCom after a full read: the target's records that were not read, leaving
 * out those an event wrote during the run. Deleted only when every read succeeded and the
 * deletion guard agrees; users first, then departments children-first (by the parent ids their
 * fingerprints hold).
 */
final class Deletions {

    private static final Logger log = LoggerFactory.getLogger(Deletions.class);

    /** Gone users: normalized userid → the entry the target has. Rename detection may take one. */
    final Map<String, StateSnapshot.UserEntry> users = new HashMap<>();
    private final Map<Long, Fingerprint> departments = new HashMap<>();
    private final int knownUsers;
    private final int knownDepartments;

    private Deletions(int knownUsers, int knownDepartments) {
        this.knownUsers = knownUsers;
        this.knownDepartments = knownDepartments;
    }

    static Deletions find(StateSnapshot state, List<Department> read, Set<String> liveUsers, EventMarks marks) {
        Deletions gone = new Deletions(state.users.size(), state.departments.size());
        state.users.forEach((id, entry) -> {
            if (!liveUsers.contains(id) && !marks.userTouched(id)) {
                gone.users.put(id, entry);
            }
        });
        Set<Long> liveDepartments = new HashSet<>();
        read.forEach(d -> liveDepartments.add(d.id()));
        state.departments.forEach((id, fp) -> {
            if (!liveDepartments.contains(id) && !marks.departmentTouched(id)) {
                gone.departments.put(id, fp);
            }
        });
        return gone;
    }

    /** Deletes what the rules allow; returns why deletions were held back or skipped, or null. */
    String apply(Recorder recorder, DeletionGuard guard, Writer writer, Progress progress, int batchSize) {
        if (!recorder.readsComplete()) {
            return "no deletions: " + recorder.readFailures() + " read(s) failed in this run, so what is missing "
                    + "may only be unread";
        }
        List<String> goneUsers = new ArrayList<>();
        users.values().forEach(entry -> goneUsers.add(entry.storedId()));
        goneUsers.sort(Comparator.naturalOrder());
        List<Long> goneDepartments = childrenFirst(departments);
        List<String> why = new ArrayList<>();
        if (!goneUsers.isEmpty() && !guard.allows(EntityKind.USER, goneUsers.size(), knownUsers)) {
            goneUsers.forEach(id -> recorder.heldBack(EntityKind.USER, id));
            why.add(heldBack(goneUsers.size(), knownUsers, "users"));
            goneUsers.clear();
        }
        if (!goneDepartments.isEmpty() && !guard.allows(EntityKind.DEPARTMENT, goneDepartments.size(), knownDepartments)) {
            goneDepartments.forEach(id -> recorder.heldBack(EntityKind.DEPARTMENT, Long.toString(id)));
            why.add(heldBack(goneDepartments.size(), knownDepartments, "departments"));
            goneDepartments.clear();
        }
        int total = goneUsers.size() + goneDepartments.size();
        if (total > 0) {
            int[] done = {0};
            progress.report(SyncPhase.DELETIONS, 0, total);
            Runnable step = () -> progress.report(SyncPhase.DELETIONS, done[0] = Math.min(total, done[0] + batchSize), total);
            writer.deleteUsers(goneUsers, step);
            done[0] = goneUsers.size();
            writer.deleteDepartments(goneDepartments, step);
        }
        if (why.isEmpty()) {
            return null;
        }
        String message = String.join("; ", why) + ": held back by the deletion guard; allow them with "
                + "WeComSync.Builder.allowMassDeletion() or a wider deletionGuard(...)";
        log.warn("full sync: {}", message);
        return message;
    }

    private static String heldBack(int gone, int known, String what) {
        return gone + " of " + known + " " + what + " (" + (known == 0 ? 100 : Math.round(100.0 * gone / known)) + "%) are gone";
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
        return fp.parentId().orElse(-1);
    }
}
