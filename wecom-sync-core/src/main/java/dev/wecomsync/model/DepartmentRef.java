package dev.wecomsync.model;

/**
 * A department's place in the tree without its names, as {@code department/simplelist} returns it.
 *
 * @param id the department id
 * @param parentId the parent's id; 0 for the root
 * @param order the sort key among siblings, in [0, 2<sup>32</sup>)
 */
public record DepartmentRef(long id, long parentId, long order) {
}
