package dev.wecomsync.testkit.internal;

import dev.wecomsync.testkit.SimDepartment;
import dev.wecomsync.testkit.SimUser;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The data behind an {@code Org}: departments with their child lists, users by case-insensitive userid (in
 * that order), and each department's direct members. Not thread-safe and not validating: {@code Org} locks
 * and checks around it. Not API.
 */
public final class DirectoryIndex {

  private final Map<Long, SimDepartment> departments = new LinkedHashMap<>();
  private final Map<Long, List<Long>> children = new HashMap<>();
  private final TreeMap<String, SimUser> users = new TreeMap<>();
  private final Map<Long, Set<String>> members = new HashMap<>();

  /** The case-insensitive key of a userid. */
  public static String key(String userId) {
    return userId.toLowerCase(Locale.ROOT);
  }

  public SimDepartment department(long id) {
    return departments.get(id);
  }

  public SimUser user(String userId) {
    return users.get(key(userId));
  }

  public Collection<SimDepartment> allDepartments() {
    return departments.values();
  }

  public Collection<SimUser> allUsers() {
    return users.values();
  }

  public int departmentCount() {
    return departments.size();
  }

  public int userCount() {
    return users.size();
  }

  public long maxDepartmentId() {
    long max = 0;
    for (long id : departments.keySet()) max = Math.max(max, id);
    return max;
  }

  /** Adds or replaces a department, moving it in its parent's child list when the parent changed. */
  public void putDepartment(SimDepartment d) {
    SimDepartment old = departments.put(d.id(), d);
    if (old != null && old.parentId() == d.parentId()) return;
    if (old != null) children.get(old.parentId()).remove(d.id());
    if (d.parentId() != 0) children.computeIfAbsent(d.parentId(), k -> new ArrayList<>()).add(d.id());
  }

  public void removeDepartment(long id) {
    SimDepartment old = departments.remove(id);
    children.remove(id);
    members.remove(id);
    if (old != null && children.containsKey(old.parentId())) children.get(old.parentId()).remove(id);
  }

  public boolean hasChildren(long id) {
    return !children.getOrDefault(id, List.of()).isEmpty();
  }

  public boolean hasMembers(long id) {
    return !members.getOrDefault(id, Set.of()).isEmpty();
  }

  /** Adds a user; false (and nothing changed) when the userid is taken in any case. */
  public boolean addUser(SimUser user) {
    String k = key(user.userId());
    if (users.putIfAbsent(k, user) != null) return false;
    for (long d : user.departments()) members.computeIfAbsent(d, x -> new LinkedHashSet<>()).add(k);
    return true;
  }

  public void removeUser(SimUser user) {
    String k = key(user.userId());
    users.remove(k);
    for (long d : user.departments()) {
      Set<String> m = members.get(d);
      if (m != null) m.remove(k);
    }
  }

  /** The department and everything below it, breadth-first; empty when it does not exist. */
  public List<SimDepartment> subtree(long id) {
    if (!departments.containsKey(id)) return List.of();
    List<SimDepartment> out = new ArrayList<>();
    ArrayDeque<Long> queue = new ArrayDeque<>();
    queue.add(id);
    while (!queue.isEmpty()) {
      long next = queue.poll();
      out.add(departments.get(next));
      queue.addAll(children.getOrDefault(next, List.of()));
    }
    return out;
  }

  public List<SimDepartment> children(long id) {
    List<SimDepartment> out = new ArrayList<>();
    for (long c : children.getOrDefault(id, List.of())) out.add(departments.get(c));
    return out;
  }

  public List<SimUser> members(long id) {
    Set<String> keys = members.getOrDefault(id, Set.of());
    List<SimUser> out = new ArrayList<>(keys.size());
    for (String k : keys) out.add(users.get(k));
    return out;
  }

  public List<SimUser> usersAfter(String userIdExclusive, int max) {
    Collection<SimUser> tail = userIdExclusive == null ? users.values()
        : users.tailMap(key(userIdExclusive), false).values();
    List<SimUser> out = new ArrayList<>(Math.min(max, tail.size()));
    for (SimUser u : tail) {
      if (out.size() >= max) break;
      out.add(u);
    }
    return out;
  }

  public boolean isWithin(long departmentId, long ancestorId) {
    long id = departmentId;
    for (int guard = 0; guard < 64 && id != 0; guard++) {
      if (id == ancestorId) return true;
      SimDepartment d = departments.get(id);
      if (d == null) return false;
      id = d.parentId();
    }
    return false;
  }
}
