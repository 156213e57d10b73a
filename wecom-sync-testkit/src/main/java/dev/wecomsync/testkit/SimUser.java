package dev.wecomsync.testkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A member of a simulated {@link Org}, with every field of WeCom's {@code user/get}.
 *
 * <p>Values are as on the wire: {@code gender} is the string "0" (unknown), "1" (male) or "2" (female);
 * {@code status} is 1 (active), 2 (disabled), 4 (not yet activated) or 5 (left the corp). {@code orders} and
 * {@code leaderInDepartments} are aligned with {@code departments}; left empty they are filled with 0 and
 * {@code false}. A {@code null} text field is served as {@code ""}, except for apps created after June 2022,
 * which do not receive the withheld fields at all. Build one with {@link #builder(String, String)}, copy with
 * {@link #toBuilder()} or the {@code with…} methods.
 */
public record SimUser(
    String userId,
    String name,
    List<Long> departments,
    List<Long> orders,
    long mainDepartment,
    List<Boolean> leaderInDepartments,
    List<String> directLeaders,
    String position,
    String mobile,
    String gender,
    String email,
    String bizMail,
    String avatar,
    String thumbAvatar,
    String telephone,
    String alias,
    String address,
    String openUserId,
    int status,
    String qrCode,
    String externalPosition,
    List<SimExtAttr> extAttrs,
    SimExternalProfile externalProfile) {

  public static final int STATUS_ACTIVE = 1;
  public static final int STATUS_DISABLED = 2;
  public static final int STATUS_INACTIVE = 4;
  public static final int STATUS_EXITED = 5;

  public SimUser {
    Objects.requireNonNull(userId, "userId == null");
    if (userId.isEmpty() || userId.length() > 64) {
      throw new IllegalArgumentException("userId must have 1..64 characters: " + userId);
    }
    Objects.requireNonNull(name, "name == null");
    departments = List.copyOf(departments == null ? List.of() : departments);
    orders = orders == null || orders.isEmpty() ? Collections.nCopies(departments.size(), 0L) : List.copyOf(orders);
    leaderInDepartments = leaderInDepartments == null || leaderInDepartments.isEmpty()
        ? Collections.nCopies(departments.size(), false) : List.copyOf(leaderInDepartments);
    if (orders.size() != departments.size() || leaderInDepartments.size() != departments.size()) {
      throw new IllegalArgumentException("orders and leaderInDepartments must align with departments for " + userId);
    }
    if (mainDepartment == 0 && !departments.isEmpty()) mainDepartment = departments.get(0);
    if (!departments.isEmpty() && !departments.contains(mainDepartment)) {
      throw new IllegalArgumentException("mainDepartment " + mainDepartment + " is not among the departments of " + userId);
    }
    directLeaders = directLeaders == null ? List.of() : List.copyOf(directLeaders);
    gender = gender == null ? "0" : gender;
    if (!gender.equals("0") && !gender.equals("1") && !gender.equals("2")) {
      throw new IllegalArgumentException("gender must be \"0\", \"1\" or \"2\": " + gender);
    }
    if (status != 1 && status != 2 && status != 4 && status != 5) {
      throw new IllegalArgumentException("status must be 1, 2, 4 or 5: " + status);
    }
    extAttrs = extAttrs == null ? List.of() : List.copyOf(extAttrs);
  }

  /** An active user in these departments (the first is the main one), every other field empty. */
  public static SimUser of(String userId, String name, long... departmentIds) {
    Builder b = builder(userId, name);
    for (long id : departmentIds) b.department(id);
    return b.build();
  }

  /** A builder for an active user with the given userid and name and no departments yet. */
  public static Builder builder(String userId, String name) {
    return new Builder().userId(userId).name(name);
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  public SimUser withName(String name) {
    return toBuilder().name(name).build();
  }

  public SimUser withPosition(String position) {
    return toBuilder().position(position).build();
  }

  public SimUser withStatus(int status) {
    return toBuilder().status(status).build();
  }

  public SimUser withMobile(String mobile) {
    return toBuilder().mobile(mobile).build();
  }

  public SimUser withEmail(String email) {
    return toBuilder().email(email).build();
  }

  /** A copy in the given departments, with order 0, no leadership, and the first as main department. */
  public SimUser withDepartments(List<Long> departmentIds) {
    return toBuilder().departments(departmentIds).build();
  }

  public SimUser withUserId(String userId) {
    return toBuilder().userId(userId).build();
  }

  /** Builds {@link SimUser}s; every field not set is empty, gender "0", status 1. */
  public static final class Builder {
    private String userId;
    private String name;
    private final List<Long> departments = new ArrayList<>();
    private final List<Long> orders = new ArrayList<>();
    private final List<Boolean> leaderIn = new ArrayList<>();
    private long mainDepartment;
    private List<String> directLeaders = List.of();
    private String position;
    private String mobile;
    private String gender = "0";
    private String email;
    private String bizMail;
    private String avatar;
    private String thumbAvatar;
    private String telephone;
    private String alias;
    private String address;
    private String openUserId;
    private int status = STATUS_ACTIVE;
    private String qrCode;
    private String externalPosition;
    private List<SimExtAttr> extAttrs = List.of();
    private SimExternalProfile externalProfile;

    Builder() {}

    Builder(SimUser u) {
      userId = u.userId;
      name = u.name;
      departments.addAll(u.departments);
      orders.addAll(u.orders);
      leaderIn.addAll(u.leaderInDepartments);
      mainDepartment = u.mainDepartment;
      directLeaders = u.directLeaders;
      position = u.position;
      mobile = u.mobile;
      gender = u.gender;
      email = u.email;
      bizMail = u.bizMail;
      avatar = u.avatar;
      thumbAvatar = u.thumbAvatar;
      telephone = u.telephone;
      alias = u.alias;
      address = u.address;
      openUserId = u.openUserId;
      status = u.status;
      qrCode = u.qrCode;
      externalPosition = u.externalPosition;
      extAttrs = u.extAttrs;
      externalProfile = u.externalProfile;
    }

    public Builder userId(String userId) { this.userId = userId; return this; }

    public Builder name(String name) { this.name = name; return this; }

    /** Adds one department membership. */
    public Builder department(long departmentId, long order, boolean leader) {
      departments.add(departmentId);
      orders.add(order);
      leaderIn.add(leader);
      return this;
    }

    /** Adds one department membership with order 0, not as leader. */
    public Builder department(long departmentId) {
      return department(departmentId, 0, false);
    }

    /** Replaces all memberships: order 0, not leader; the main department becomes the first unless still listed. */
    public Builder departments(List<Long> departmentIds) {
      departments.clear();
      orders.clear();
      leaderIn.clear();
      for (long id : departmentIds) department(id);
      if (!departments.contains(mainDepartment)) mainDepartment = 0;
      return this;
    }

    public Builder mainDepartment(long mainDepartment) { this.mainDepartment = mainDepartment; return this; }

    public Builder directLeaders(List<String> directLeaders) { this.directLeaders = directLeaders; return this; }

    public Builder position(String position) { this.position = position; return this; }

    public Builder mobile(String mobile) { this.mobile = mobile; return this; }

    /** "0" unknown, "1" male, "2" female. */
    public Builder gender(String gender) { this.gender = gender; return this; }

    public Builder email(String email) { this.email = email; return this; }

    public Builder bizMail(String bizMail) { this.bizMail = bizMail; return this; }

    public Builder avatar(String avatar) { this.avatar = avatar; return this; }

    public Builder thumbAvatar(String thumbAvatar) { this.thumbAvatar = thumbAvatar; return this; }

    public Builder telephone(String telephone) { this.telephone = telephone; return this; }

    public Builder alias(String alias) { this.alias = alias; return this; }

    public Builder address(String address) { this.address = address; return this; }

    public Builder openUserId(String openUserId) { this.openUserId = openUserId; return this; }

    /** 1 active, 2 disabled, 4 not yet activated, 5 left the corp. */
    public Builder status(int status) { this.status = status; return this; }

    public Builder qrCode(String qrCode) { this.qrCode = qrCode; return this; }

    public Builder externalPosition(String externalPosition) { this.externalPosition = externalPosition; return this; }

    public Builder extAttrs(List<SimExtAttr> extAttrs) { this.extAttrs = extAttrs; return this; }

    public Builder externalProfile(SimExternalProfile externalProfile) {
      this.externalProfile = externalProfile;
      return this;
    }

    public SimUser build() {
      return new SimUser(userId, name, departments, orders, mainDepartment, leaderIn, directLeaders, position,
          mobile, gender, email, bizMail, avatar, thumbAvatar, telephone, alias, address, openUserId, status,
          qrCode, externalPosition, extAttrs, externalProfile);
    }
  }
}
