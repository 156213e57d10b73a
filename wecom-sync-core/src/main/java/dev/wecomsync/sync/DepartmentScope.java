package dev.wecomsync.sync;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Which parts of the organisation a {@link WeComSync} syncs: whole subtrees of departments, less
 * excluded subtrees. Only departments in scope, and users with at least one department in scope,
 * reach the target; a user who moves out of scope is removed from the target by the same path as a
 * deletion (confirmed by a read, within the guard, after the delay).
 *
 * <pre>{@code
 * WeComSync.builder()...
 *     .scope(DepartmentScope.subtrees(2L, 7L).excluding(9L))   // 2 and 7 with everything below, but not 9
 *     .build();
 * }</pre>
 *
 * <h2>Which rule wins</h2>
 * For each department the nearest listed ancestor (the department itself included) decides: below
 * an excluded department a listed subtree root is in scope again, below a root an excluded
 * department is out. With no roots ({@link #all()}) the whole organisation is the root. A
 * department in scope whose parent is not (say 7 above) reaches the target with its parent id as
 * WeCom has it.
 *
 * <h2>Changing the scope</h2>
 * The state store keeps the scope of the last full sync ({@link #fingerprint()}); a run whose scope
 * differs says so in {@link SyncReport#notices()}. Records that fall out of scope are deleted by
 * the usual rules, so a narrower scope that drops more than the deletion guard allows is held
 * back until approved ({@link WeComSync#approveDeletions}).
 *
 * <p>Immutable and thread-safe.
 */
public final class DepartmentScope {

    private static final DepartmentScope ALL = new DepartmentScope(Set.of(), Set.of());
    /** Departments nest up to 15 levels; a longer parent chain is a cycle. */
    private static final int MAX_DEPTH = 32;

    private final Set<Long> roots;
    private final Set<Long> excluded;

    private DepartmentScope(Set<Long> roots, Set<Long> excluded) {
        this.roots = Set.copyOf(roots);
        this.excluded = Set.copyOf(excluded);
    }

    /** The whole organisation: the default. */
    public static DepartmentScope all() {
        return ALL;
    }

    /**
     * These departments and everything below them.
     *
     * @throws IllegalArgumentException when no id is given or an id is not positive
     */
    public static DepartmentScope subtrees(long... departmentIds) {
        if (departmentIds.length == 0) {
            throw new IllegalArgumentException("subtrees needs at least one department id; use DepartmentScope.all() "
                    + "for the whole organisation");
        }
        return new DepartmentScope(ids(departmentIds), Set.of());
    }

    /**
     * This scope without these departments and everything below them.
     *
     * @throws IllegalArgumentException when an id is not positive
     */
    public DepartmentScope excluding(long... departmentIds) {
        Set<Long> more = new TreeSet<>(excluded);
        more.addAll(ids(departmentIds));
        return new DepartmentScope(roots, more);
    }

    private static Set<Long> ids(long... ids) {
        Set<Long> out = new TreeSet<>();
        for (long id : ids) {
            if (id <= 0) {
                throw new IllegalArgumentException("department ids must be positive: " + id);
            }
            out.add(id);
        }
        return out;
    }

    /** True for {@link #all()}: every department, nothing excluded. */
    public boolean isWholeOrganisation() {
        return roots.isEmpty() && excluded.isEmpty();
    }

    /** The subtree roots; empty for the whole organisation. */
    public Set<Long> subtreeRoots() {
        return roots;
    }

    /** The excluded subtree roots; empty when none. */
    public Set<Long> excluded() {
        return excluded;
    }

    /**
     * The departments of a tree that are in scope.
     *
     * @param parentById every department read, id → parent id (the root's parent is 0)
     * @return the ids in scope, a subset of the map's keys
     */
    public Set<Long> resolve(Map<Long, Long> parentById) {
        Objects.requireNonNull(parentById, "parentById == null");
        if (isWholeOrganisation()) {
            return Set.copyOf(parentById.keySet());
        }
        Map<Long, Boolean> decided = new HashMap<>();
        Set<Long> in = new TreeSet<>();
        for (Long id : parentById.keySet()) {
            if (decide(id, parentById, decided)) {
                in.add(id);
            }
        }
        return in;
    }

    private boolean decide(long id, Map<Long, Long> parentById, Map<Long, Boolean> decided) {
        Boolean known = decided.get(id);
        if (known != null) {
            return known;
        }
        boolean result = false; // a parent cycle reaches no root
        long current = id;
        for (int depth = 0; depth < MAX_DEPTH; depth++) {
            if (excluded.contains(current)) {
                result = false;
                break;
            }
            if (roots.contains(current)) {
                result = true;
                break;
            }
            Boolean above = current != id ? decided.get(current) : null;
            if (above != null) {
                result = above;
                break;
            }
            Long parent = parentById.get(current);
            if (parent == null || parent == current || parent <= 0) {
                result = roots.isEmpty();
                break;
            }
            current = parent;
        }
        decided.put(id, result);
        return result;
    }

    /**
     * Whether one department is in scope when only its parent's membership is known: for events,
     * where the state store's departments (those in scope) stand in for the tree.
     *
     * @param parentInScope whether the department's parent is in scope
     */
    public boolean includes(long departmentId, boolean parentInScope) {
        if (excluded.contains(departmentId)) {
            return false;
        }
        return roots.contains(departmentId) || parentInScope || (roots.isEmpty() && departmentId == 1);
    }

    /**
     * A canonical text of this scope, equal for equal scopes: {@code "all"}, or like
     * {@code "subtrees 2,7 excluding 9"}. The state store keeps it to tell when the scope changed.
     */
    public String fingerprint() {
        if (isWholeOrganisation()) {
            return "all";
        }
        return (roots.isEmpty() ? "all" : "subtrees " + join(roots)) + (excluded.isEmpty() ? "" : " excluding " + join(excluded));
    }

    private static String join(Set<Long> ids) {
        return new TreeSet<>(ids).stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DepartmentScope other && roots.equals(other.roots) && excluded.equals(other.excluded);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new Object[] {roots, excluded});
    }

    @Override
    public String toString() {
        return "DepartmentScope{" + fingerprint() + "}";
    }
}
