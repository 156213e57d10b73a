package dev.wecomsync.model;

import java.util.List;
import java.util.Objects;

/**
 * A WeCom department, as {@code department/list} and {@code department/get} return it.
 *
 * <p>The root department has id 1 and parent id 0. {@code order} is in [0, 2<sup>32</sup>); larger
 * sorts first among siblings.
 *
 * @param id the department id, positive
 * @param name the name; {@code null} only when WeCom did not let us read it
 *     ({@code department/simplelist} gives ids only)
 * @param nameEn the English name; {@code null} when not set or not readable
 * @param parentId the parent's id; 0 for the root
 * @param order the sort key among siblings
 * @param leaders userids of the department's leaders; empty when none or not readable
 */
public record Department(long id, String name, String nameEn, long parentId, long order, List<String> leaders) {

    public Department {
        if (id <= 0) {
            throw new IllegalArgumentException("id must be positive: " + id);
        }
        leaders = leaders == null ? List.of() : List.copyOf(leaders);
    }

    /** A department known only by its structure, as {@code department/simplelist} gives it. */
    public static Department of(DepartmentRef ref) {
        Objects.requireNonNull(ref, "ref == null");
        return new Department(ref.id(), null, null, ref.parentId(), ref.order(), List.of());
    }

    /** True for the root of the organisation (parent id 0). */
    public boolean isRoot() {
        return parentId == 0;
    }
}
