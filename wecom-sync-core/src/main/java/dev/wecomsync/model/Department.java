package dev.wecomsync.model;

import java.util.List;
import java.util.Objects;

/**
 * A WeCom department, as {@code department/list} and {@code department/get} return it.
 *
 * <p>The root department has id 1 and parent id 0. {@code order} is in [0, 2<sup>32</sup>); larger
 * sorts first among siblings.
 *
 * <p>Build departments with {@link #builder(long)} or {@link #toBuilder()}: the supported way,
 * which keeps working when this record gains a component (unset fields stay absent). The
 * canonical constructor and record deconstruction patterns change when one is added.
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

    /** A builder for a department with this id; names start absent, parent and order at 0. */
    public static Builder builder(long id) {
        return new Builder(id);
    }

    /** A builder that starts from this department's fields. */
    public Builder toBuilder() {
        return new Builder(id).name(name).nameEn(nameEn).parentId(parentId).order(order).leaders(leaders);
    }

    /** Builds a {@link Department}; {@link #build()} fails on a non-positive id. */
    public static final class Builder {
        private final long id;
        private String name;
        private String nameEn;
        private long parentId;
        private long order;
        private List<String> leaders = List.of();

        private Builder(long id) {
            this.id = id;
        }

        public Builder name(String name) { this.name = name; return this; }
        public Builder nameEn(String nameEn) { this.nameEn = nameEn; return this; }
        public Builder parentId(long parentId) { this.parentId = parentId; return this; }
        public Builder order(long order) { this.order = order; return this; }
        public Builder leaders(List<String> leaders) { this.leaders = leaders; return this; }

        public Department build() {
            return new Department(id, name, nameEn, parentId, order, leaders);
        }
    }
}
