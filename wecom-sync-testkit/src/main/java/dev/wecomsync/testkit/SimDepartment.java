package dev.wecomsync.testkit;

import java.util.List;
import java.util.Objects;

/**
 * A department of a simulated {@link Org}, with the fields {@code department/list} returns.
 *
 * <p>{@code order} is in [0, 2^32): larger sorts first in WeCom. The root department has id 1 and parent id 0.
 * {@code nameEn} may be {@code null} (then {@code name_en} is left out of the JSON). {@code leaders} are userids.
 */
public record SimDepartment(long id, String name, String nameEn, long parentId, long order, List<String> leaders) {

  public SimDepartment {
    if (id <= 0) throw new IllegalArgumentException("id must be positive: " + id);
    Objects.requireNonNull(name, "name == null");
    if (parentId < 0) throw new IllegalArgumentException("parentId must not be negative: " + parentId);
    if (id == parentId) throw new IllegalArgumentException("department " + id + " cannot be its own parent");
    if (order < 0 || order > 0xFFFF_FFFFL) throw new IllegalArgumentException("order out of [0, 2^32): " + order);
    leaders = leaders == null ? List.of() : List.copyOf(leaders);
  }

  /** A department with no English name, order 0 and no leaders. */
  public static SimDepartment of(long id, String name, long parentId) {
    return new SimDepartment(id, name, null, parentId, 0, List.of());
  }

  public SimDepartment withName(String name) {
    return new SimDepartment(id, name, nameEn, parentId, order, leaders);
  }

  public SimDepartment withNameEn(String nameEn) {
    return new SimDepartment(id, name, nameEn, parentId, order, leaders);
  }

  public SimDepartment withParentId(long parentId) {
    return new SimDepartment(id, name, nameEn, parentId, order, leaders);
  }

  public SimDepartment withOrder(long order) {
    return new SimDepartment(id, name, nameEn, parentId, order, leaders);
  }

  public SimDepartment withLeaders(List<String> leaders) {
    return new SimDepartment(id, name, nameEn, parentId, order, leaders);
  }
}
