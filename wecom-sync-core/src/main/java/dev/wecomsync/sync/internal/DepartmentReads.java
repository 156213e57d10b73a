package dev.wecomsync.sync.internal;

import dev.wecomsync.model.Department;
import dev.wecomsync.model.DepartmentRef;
import dev.wecomsync.sync.EntityKind;
import dev.wecomsync.sync.SyncPhase;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads every department as the plan allows: {@code department/list} with the lister, or, once
 * that is forbidden, {@code department/simplelist} for the structure and the app secret for names
 * ({@code department/list}, else {@code department/get} one by one).
 */
final class DepartmentReads {

    /**
     * What was read.
     *
     * @param departments parent-first
     * @param appVisible departments the app secret may read, when known; null when unknown
     */
    record Read(List<Department> departments, Set<Long> appVisible) {
    }

    /** Marks a department whose names could not be read for a reason other than permissions. */
    private static final Department NOT_READ = new Department(Long.MAX_VALUE, null, null, 0, 0, List.of());

    private final ReadContext ctx;
    private final Consumer<List<DepartmentRef>> structureRead;

    /** {@code structureRead} receives {@code department/simplelist}'s answer, for the events' cache. */
    DepartmentReads(ReadContext ctx, Consumer<List<DepartmentRef>> structureRead) {
        this.ctx = ctx;
        this.structureRead = structureRead;
    }

    /** The departments; null when none could be read (the failure is recorded). */
    Read read() {
        ctx.progress().report(SyncPhase.DEPARTMENTS, 0, -1);
        Directory lister = ctx.lister();
        try {
            List<Department> all = lister.listDepartments();
            ctx.note(Directory.DEPARTMENT_LIST + " with the " + lister.description());
            return new Read(parentFirst(all), null);
        } catch (RuntimeException e) {
            if (ReadError.of(e) != ReadError.FORBIDDEN) {
                ctx.recorder().readFailure(EntityKind.DEPARTMENT, List.of(), Directory.DEPARTMENT_LIST, "", e);
                return null;
            }
            ctx.forbid(lister, Directory.DEPARTMENT_LIST, e);
        }
        List<DepartmentRef> refs;
        try {
            refs = lister.simpleListDepartments();
        } catch (RuntimeException e) {
            ctx.recorder().readFailure(EntityKind.DEPARTMENT, List.of(), Directory.DEPARTMENT_SIMPLELIST, "", e);
            return null;
        }
        ctx.note(Directory.DEPARTMENT_SIMPLELIST + " with the " + lister.description());
        structureRead.accept(refs);
        Map<Long, Department> named = lister == ctx.app() ? null : namesFromList();
        Set<Long> appVisible = named == null ? null : named.keySet();
        if (named == null) {
            named = namesOneByOne(refs);
        }
        List<Department> merged = new ArrayList<>(refs.size());
        for (DepartmentRef ref : refs) {
            Department names = named.get(ref.id());
            if (names == NOT_READ) {
                continue;
            }
            merged.add(names == null ? Department.of(ref) : names.toBuilder().parentId(ref.parentId())
                    .order(ref.order()).build());
        }
        return new Read(parentFirst(merged), appVisible);
    }

    /** Names of every department the app sees, in one call; null when the app may not list. */
    private Map<Long, Department> namesFromList() {
        Directory app = ctx.app();
        try {
            Map<Long, Department> byId = new HashMap<>();
            for (Department d : app.listDepartments()) {
                byId.put(d.id(), d);
            }
            ctx.note("names from " + Directory.DEPARTMENT_LIST + " with the " + app.description());
            return byId;
        } catch (RuntimeException e) {
            if (ReadError.of(e) == ReadError.FORBIDDEN) {
                ctx.forbid(app, Directory.DEPARTMENT_LIST, e);
            } else {
                ctx.note(Directory.DEPARTMENT_LIST + " with the " + app.description() + " answered " + ReadError.errcode(e));
            }
            return null;
        }
    }

    /**
     * Names by {@code department/get} with the app secret. A department the app may not read
     * keeps null names (not a failure); one that failed otherwise is left out and recorded.
     */
    private Map<Long, Department> namesOneByOne(List<DepartmentRef> refs) {
        Map<Long, Department> byId = new HashMap<>();
        if (refs.isEmpty()) {
            return byId;
        }
        Directory app = ctx.app();
        ctx.note("names from " + Directory.DEPARTMENT_GET + " with the " + app.description());
        boolean[] forbidden = {false};
        int[] done = {0};
        ParallelReads.<DepartmentRef, Department>run(ctx.pool(), 1, refs.subList(0, 1).iterator(),
                ref -> app.getDepartment(ref.id()), r -> forbidden[0] = handle(r, byId));
        if (forbidden[0]) {
            ctx.note(Directory.DEPARTMENT_GET + " is forbidden too: department names are left empty");
            return byId;
        }
        ParallelReads.<DepartmentRef, Department>run(ctx.pool(), ctx.concurrency(), refs.subList(1, refs.size()).iterator(),
                ref -> app.getDepartment(ref.id()), r -> {
                    handle(r, byId);
                    ctx.progress().report(SyncPhase.DEPARTMENTS, ++done[0], refs.size());
                });
        return byId;
    }

    /** Stores one {@code department/get} result; true when it answered 48009/48002. */
    private boolean handle(ParallelReads.Result<DepartmentRef, Department> r, Map<Long, Department> byId) {
        if (r.error() == null) {
            byId.put(r.input().id(), r.value());
            return false;
        }
        switch (ReadError.of(r.error())) {
            case FORBIDDEN -> {
                ctx.forbid(ctx.app(), Directory.DEPARTMENT_GET, r.error());
                return true;
            }
            case OUT_OF_SCOPE, DEPARTMENT_GONE -> {
                return false;
            }
            default -> {
                ctx.recorder().readFailure(EntityKind.DEPARTMENT, List.of(Long.toString(r.input().id())),
                        Directory.DEPARTMENT_GET, "", r.error());
                byId.put(r.input().id(), NOT_READ);
                return false;
            }
        }
    }

    /**
     * Breadth-first from the roots (departments whose parent is not in the list), siblings by id;
     * departments caught in a parent cycle come last.
     */
    static List<Department> parentFirst(List<Department> departments) {
        Map<Long, Department> byId = new LinkedHashMap<>();
        departments.forEach(d -> byId.putIfAbsent(d.id(), d));
        Map<Long, List<Department>> children = new HashMap<>();
        List<Department> roots = new ArrayList<>();
        for (Department d : byId.values()) {
            if (d.parentId() != d.id() && byId.containsKey(d.parentId())) {
                children.computeIfAbsent(d.parentId(), k -> new ArrayList<>()).add(d);
            } else {
                roots.add(d);
            }
        }
        Comparator<Department> byIdOrder = Comparator.comparingLong(Department::id);
        roots.sort(byIdOrder);
        children.values().forEach(list -> list.sort(byIdOrder));
        List<Department> out = new ArrayList<>(byId.size());
        Set<Long> visited = new HashSet<>();
        Deque<Department> queue = new ArrayDeque<>(roots);
        while (!queue.isEmpty()) {
            Department d = queue.removeFirst();
            if (visited.add(d.id())) {
                out.add(d);
                queue.addAll(children.getOrDefault(d.id(), List.of()));
            }
        }
        byId.values().stream().filter(d -> !visited.contains(d.id())).sorted(byIdOrder).forEach(out::add);
        return out;
    }
}
