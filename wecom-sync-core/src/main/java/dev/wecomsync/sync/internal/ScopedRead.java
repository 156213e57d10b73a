package dev.wecomsync.sync.internal;

import dev.wecomsync.model.Department;
import dev.wecomsync.sync.DepartmentScope;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The departments a full sync read, cut to the configured {@link DepartmentScope}.
 *
 * @param read the departments in scope, parent-first, as the rest of the run uses them
 * @param all every department read, in scope or not
 * @param inScope the departments in scope; null when the scope is the whole organisation
 * @param outOfScope departments read outside the scope
 */
record ScopedRead(DepartmentReads.Read read, Set<Long> all, Set<Long> inScope, Set<Long> outOfScope) {

    static ScopedRead of(DepartmentScope scope, DepartmentReads.Read departments) {
        Map<Long, Long> parents = new HashMap<>();
        departments.departments().forEach(d -> parents.put(d.id(), d.parentId()));
        Set<Long> all = Set.copyOf(parents.keySet());
        if (scope.isWholeOrganisation()) {
            return new ScopedRead(departments, all, null, Set.of());
        }
        Set<Long> in = scope.resolve(parents);
        List<Department> kept = departments.departments().stream().filter(d -> in.contains(d.id())).toList();
        Set<Long> out = new HashSet<>(all);
        out.removeAll(in);
        return new ScopedRead(new DepartmentReads.Read(kept, departments.appVisible()), all, in, Set.copyOf(out));
    }

    /** The departments this run syncs. */
    Set<Long> synced() {
        return inScope == null ? all : inScope;
    }
}
