package dev.wecomsync.sync.internal;

import dev.wecomsync.model.Department;
import dev.wecomsync.model.User;
import dev.wecomsync.model.UserDepartment;
import dev.wecomsync.sync.EntityKind;
import dev.wecomsync.sync.SyncPhase;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads every user as the plan allows and hands each one, once, to a sink on the sync thread
 * while other reads are still running: {@code user/list} per department with the lister when it
 * listed the departments; else ids from {@code user/list_id} and details with the app secret
 * ({@code user/list} per department it may read, {@code user/get} for the rest). Remembers which
 * userids exist in WeCom, for deletions.
 */
final class UserReads {

    private final ReadContext ctx;
    private final Consumer<User> sink;
    /** The departments in the configured scope; null for the whole organisation. */
    private final Set<Long> inScope;
    /** Normalized userids {@code user/list_id} showed only in departments outside the scope. */
    private final Set<String> outOfScope = new HashSet<>();
    /** Normalized userids known to exist in WeCom (read, listed, or failed to read). */
    private final Set<String> live = new HashSet<>();
    /** Normalized userids already handed to the sink. */
    private final Set<String> seen = new HashSet<>();

    /** {@code inScope}: the departments in the configured scope, null for the whole organisation. */
    UserReads(ReadContext ctx, Consumer<User> sink, Set<Long> inScope) {
        this.ctx = ctx;
        this.sink = sink;
        this.inScope = inScope;
    }

    Set<String> live() {
        return live;
    }

    Set<String> outOfScope() {
        return outOfScope;
    }

    /** Reads users after the departments were read as {@code departments} says. */
    void read(DepartmentReads.Read departments) {
        List<Long> ids = departments.departments().stream().map(Department::id).toList();
        Directory lister = ctx.lister();
        if (ctx.plans().allows(lister, Directory.DEPARTMENT_LIST)) {
            Outcome outcome = listPerDepartment(lister, ids, false);
            if (outcome != Outcome.FORBIDDEN) {
                ctx.note(Directory.USER_LIST + " per department with the " + lister.description());
                return;
            }
        }
        idsThenDetails(departments, ids);
    }

    private enum Outcome { DONE, FORBIDDEN }

    /**
     * {@code user/list} for each department. The first call runs alone: if it answers 48009/48002
     * nothing else is tried. With {@code tolerant}, failures of single departments are not
     * recorded (the caller reads those users one by one).
     */
    private Outcome listPerDepartment(Directory source, List<Long> departmentIds, boolean tolerant) {
        if (departmentIds.isEmpty()) {
            return Outcome.DONE;
        }
        int total = departmentIds.size();
        int[] done = {0};
        boolean[] forbidden = {false};
        ctx.progress().report(SyncPhase.USER_LISTS, 0, total);
        ParallelReads.<Long, List<User>>run(ctx.pool(), 1, departmentIds.subList(0, 1).iterator(), source::listUsers, r -> {
            if (r.error() != null && ReadError.of(r.error()) == ReadError.FORBIDDEN) {
                ctx.forbid(source, Directory.USER_LIST, r.error());
                forbidden[0] = true;
            } else {
                listed(r, tolerant);
            }
        });
        if (forbidden[0]) {
            return Outcome.FORBIDDEN;
        }
        ctx.progress().report(SyncPhase.USER_LISTS, ++done[0], total);
        ParallelReads.<Long, List<User>>run(ctx.pool(), ctx.concurrency(), departmentIds.subList(1, total).iterator(),
                source::listUsers, r -> {
                    listed(r, tolerant);
                    ctx.progress().report(SyncPhase.USER_LISTS, ++done[0], total);
                });
        return Outcome.DONE;
    }

    private void listed(ParallelReads.Result<Long, List<User>> r, boolean tolerant) {
        if (r.error() != null) {
            if (!tolerant) {
                ctx.recorder().readFailure(EntityKind.USER, List.of(), Directory.USER_LIST,
                        "members of department " + r.input() + ": ", r.error());
            }
            return;
        }
        r.value().forEach(this::deliver);
    }

    private void deliver(User user) {
        String id = User.normalizeUserId(user.userId());
        live.add(id);
        if (seen.add(id)) {
            sink.accept(user);
        }
    }

    /**
     * Plan (c): the complete id list from {@code user/list_id} (Contacts Sync secret), details with
     * the app secret — {@code user/list} per department it may read, {@code user/get} for the rest.
     */
    private void idsThenDetails(DepartmentReads.Read departments, List<Long> departmentIds) {
        Map<String, String> ids = listIds();
        Directory app = ctx.app();
        List<Long> readable = departments.appVisible() == null ? departmentIds
                : departmentIds.stream().filter(departments.appVisible()::contains).toList();
        Outcome outcome = ctx.plans().allows(app, Directory.USER_LIST) ? listPerDepartment(app, readable, ids != null)
                : Outcome.FORBIDDEN;
        if (outcome == Outcome.FORBIDDEN) {
            if (ids == null) {
                ctx.recorder().readFailure(EntityKind.USER, List.of(), Directory.USER_LIST, "", new IllegalStateException(
                        "user/list is forbidden for the app secret and user/list_id needs a Contacts Sync secret: "
                                + "configure contactSyncClient(...)"));
                return;
            }
        } else if (!readable.isEmpty()) {
            ctx.note("details from " + Directory.USER_LIST + " per department with the " + app.description());
        }
        if (ids == null) {
            return;
        }
        List<String> missing = new ArrayList<>();
        ids.forEach((normalized, userId) -> {
            if (!seen.contains(normalized)) {
                missing.add(userId);
            }
        });
        if (!missing.isEmpty()) {
            ctx.note(missing.size() + " user(s) by " + Directory.USER_GET + " with the " + app.description());
            getEach(missing);
        }
    }

    /** Every userid from {@code user/list_id}, normalized → as WeCom spells it; null when unavailable. */
    private Map<String, String> listIds() {
        Directory contactSync = ctx.contactSync();
        if (contactSync == null) {
            ctx.note("no Contacts Sync secret for " + Directory.USER_LIST_ID);
            return null;
        }
        Map<String, String> ids = new LinkedHashMap<>();
        Set<String> scoped = new HashSet<>();
        String cursor = null;
        ctx.progress().report(SyncPhase.USER_IDS, 0, -1);
        try {
            do {
                Directory.UserIdPage page = contactSync.listUserIds(cursor);
                for (UserDepartment row : page.rows()) {
                    String normalized = User.normalizeUserId(row.userId());
                    ids.putIfAbsent(normalized, row.userId());
                    if (inScope == null || inScope.contains(row.departmentId())) {
                        scoped.add(normalized);
                    }
                }
                ctx.progress().report(SyncPhase.USER_IDS, ids.size(), -1);
                cursor = page.last() ? null : page.nextCursor();
            } while (cursor != null);
        } catch (RuntimeException e) {
            ctx.recorder().readFailure(EntityKind.USER, List.of(), Directory.USER_LIST_ID, "", e);
            return null;
        }
        ctx.note(Directory.USER_LIST_ID + " with the " + contactSync.description());
        ids.keySet().stream().filter(id -> !scoped.contains(id)).forEach(outOfScope::add);
        ids.keySet().retainAll(scoped);
        live.addAll(ids.keySet());
        return ids;
    }

    /** {@code user/get} for each id; the first call runs alone so that 48009/48002 costs one call. */
    private void getEach(List<String> userIds) {
        int total = userIds.size();
        int[] done = {0};
        boolean[] forbidden = {false};
        Directory app = ctx.app();
        ctx.progress().report(SyncPhase.USERS, 0, total);
        ParallelReads.<String, User>run(ctx.pool(), 1, userIds.subList(0, 1).iterator(), app::getUser, r -> {
            if (r.error() != null && ReadError.of(r.error()) == ReadError.FORBIDDEN) {
                forbidden[0] = true;
                ctx.forbid(app, Directory.USER_GET, r.error());
                ctx.recorder().readFailure(EntityKind.USER, userIds, Directory.USER_GET, "", r.error());
            } else {
                got(r);
            }
        });
        if (forbidden[0]) {
            return;
        }
        ctx.progress().report(SyncPhase.USERS, ++done[0], total);
        ParallelReads.<String, User>run(ctx.pool(), ctx.concurrency(), userIds.subList(1, total).iterator(), app::getUser,
                r -> {
                    got(r);
                    ctx.progress().report(SyncPhase.USERS, ++done[0], total);
                });
    }

    private void got(ParallelReads.Result<String, User> r) {
        if (r.error() == null) {
            deliver(r.value());
        } else if (ReadError.of(r.error()) == ReadError.USER_GONE) {
            live.remove(User.normalizeUserId(r.input()));
        } else {
            ctx.recorder().readFailure(EntityKind.USER, List.of(r.input()), Directory.USER_GET, "", r.error());
        }
    }
}
