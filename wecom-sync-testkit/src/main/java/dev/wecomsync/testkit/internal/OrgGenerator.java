package dev.wecomsync.testkit.internal;

import dev.wecomsync.testkit.SimDepartment;
import dev.wecomsync.testkit.SimExtAttr;
import dev.wecomsync.testkit.SimExternalProfile;
import dev.wecomsync.testkit.SimUser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Makes a realistic, deterministic directory for {@code Org.generate}: the same (users, departments, seed)
 * always gives the same result. Not API.
 */
public final class OrgGenerator {

  private static final int MAX_DEPTH = 8;
  private static final long TWO_POW_31 = 1L << 31;

  private static final int POOL = 1024;

  private final SplittableRandom random;
  private final String[] addresses = new String[POOL];
  private final String[] telephones = new String[POOL];
  private final List<SimDepartment> departments;
  private final List<SimUser> users;

  private OrgGenerator(long seed, int userCount, int departmentCount) {
    this.random = new SplittableRandom(seed);
    this.departments = new ArrayList<>(departmentCount);
    this.users = new ArrayList<>(userCount);
    for (int i = 0; i < POOL; i++) {
      addresses[i] = Names.CITIES[random.nextInt(Names.CITIES.length)] + "市"
          + Names.STREETS[random.nextInt(Names.STREETS.length)] + (1 + random.nextInt(999)) + "号";
      telephones[i] = random.nextInt(3) == 0 ? "" : "020-" + (10_000_000 + random.nextInt(90_000_000));
    }
  }

  public static OrgGenerator generate(int userCount, int departmentCount, long seed) {
    if (userCount < 0) throw new IllegalArgumentException("users < 0: " + userCount);
    if (departmentCount < 1) throw new IllegalArgumentException("departments < 1 (the root counts): " + departmentCount);
    OrgGenerator g = new OrgGenerator(seed, userCount, departmentCount);
    int[] depth = g.makeDepartments(departmentCount);
    g.makeUsers(userCount, depth);
    return g;
  }

  public List<SimDepartment> departments() {
    return departments;
  }

  public List<SimUser> users() {
    return users;
  }

  /** Department i (0-based) gets id i + 1; returns the depth of each (root = 1). */
  private int[] makeDepartments(int count) {
    int[] depth = new int[count];
    long[] parent = new long[count];
    depth[0] = 1;
    departments.add(new SimDepartment(1, "总公司", "Headquarters", 0, randomOrder(), List.of()));
    for (int i = 1; i < count; i++) {
      int p;
      if (i < MAX_DEPTH) {
        p = i - 1;                                  // one chain reaches the full depth
      } else {
        do {
          // favour recent departments so that the tree grows deep as well as wide
          p = random.nextInt(4) == 0 ? random.nextInt(i) : i - 1 - random.nextInt(Math.min(i, 40));
        } while (depth[p] >= MAX_DEPTH);
      }
      depth[i] = depth[p] + 1;
      parent[i] = p + 1L;
      String[] word = Names.DEPARTMENT_WORDS[random.nextInt(Names.DEPARTMENT_WORDS.length)];
      String unit = Names.UNITS[Math.min(depth[i] - 2, Names.UNITS.length - 1)];
      String name = (depth[i] == 2 ? Names.CITIES[random.nextInt(Names.CITIES.length)] : "") + word[0] + unit + i;
      String nameEn = random.nextInt(3) == 0 ? null : word[1] + " " + i;
      departments.add(new SimDepartment(i + 1L, name, nameEn, parent[i], randomOrder(), List.of()));
    }
    return depth;
  }

  private void makeUsers(int count, int[] depth) {
    int deptCount = departments.size();
    Map<String, Integer> taken = new HashMap<>(count * 2);
    Map<Long, List<String>> leaders = new HashMap<>();
    for (int i = 0; i < count; i++) {
      String[] surname = Names.SURNAMES[random.nextInt(Names.SURNAMES.length)];
      String[] given = Names.GIVEN[random.nextInt(Names.GIVEN.length)];
      String base = surname[1] + given[1];
      int n = taken.merge(base, 1, Integer::sum);
      String userId = n == 1 ? base : base + n;
      if (random.nextInt(50) == 0) userId = Character.toUpperCase(userId.charAt(0)) + userId.substring(1);

      // most people sit in deeper departments; the root keeps a few
      int memberships = random.nextInt(10) == 0 ? 2 + random.nextInt(2) : 1;
      SimUser.Builder b = SimUser.builder(userId, surname[0] + given[0]);
      List<Long> chosen = new ArrayList<>(memberships);
      while (chosen.size() < Math.min(memberships, deptCount)) {
        long d = deptCount == 1 || random.nextInt(200) == 0 ? 1 : 2 + random.nextInt(deptCount - 1);
        if (chosen.contains(d)) continue;
        chosen.add(d);
        boolean leader = random.nextInt(20) == 0;
        b.department(d, randomOrder(), leader);
        if (leader) leaders.computeIfAbsent(d, k -> new ArrayList<>()).add(userId);
      }
      long main = chosen.get(random.nextInt(chosen.size()));
      b.mainDepartment(main);
      List<String> mainLeaders = leaders.get(main);      // leaders generated so far: no second pass needed
      if (mainLeaders != null && !mainLeaders.get(0).equals(userId)) b.directLeaders(List.of(mainLeaders.get(0)));
      fill(b, userId, i);
      users.add(b.build());
    }
    // department leaders follow the is_leader_in_dept flags
    for (Map.Entry<Long, List<String>> e : leaders.entrySet()) {
      int index = (int) (e.getKey() - 1);
      departments.set(index, departments.get(index).withLeaders(e.getValue()));
    }
  }

  private void fill(SimUser.Builder b, String userId, int i) {
    int roll = random.nextInt(100);
    int status = roll < 85 ? 1 : roll < 91 ? 4 : roll < 96 ? 2 : 5;
    String lower = userId.toLowerCase(java.util.Locale.ROOT);
    String hex = Long.toHexString(random.nextLong() & 0xFFFF_FFFF_FFFFL);
    b.status(status)
        .position(Names.POSITIONS[random.nextInt(Names.POSITIONS.length)])
        .mobile(String.valueOf(13_000_000_000L + random.nextLong(6_000_000_000L)))
        .gender(String.valueOf(random.nextInt(3)))
        .email(lower + "@example.com")
        .bizMail(lower + "@corp.wecom.work")
        .avatar("https://wework.qpic.cn/wwpic/" + hex + "/0")
        .thumbAvatar("https://wework.qpic.cn/wwpic/" + hex + "/100")
        .telephone(telephones[random.nextInt(POOL)])
        .alias(random.nextInt(4) == 0 ? lower : "")
        .address(addresses[random.nextInt(POOL)])
        .openUserId("woAJ2GCAAA" + hex + Integer.toHexString(i))
        .qrCode("https://open.work.weixin.qq.com/wwopen/userQRCode?vcode=vc" + hex)
        .externalPosition(random.nextInt(5) == 0 ? "高级顾问" : "");
    if (random.nextInt(3) == 0) {
      b.extAttrs(List.of(SimExtAttr.text("爱好", "旅游"), SimExtAttr.web("主页", "https://example.com/" + lower, "个人主页")));
    }
    if (random.nextInt(10) == 0) {
      b.externalProfile(new SimExternalProfile("示例科技", List.of(SimExtAttr.text("职级", "P" + (5 + random.nextInt(5))))));
    }
  }

  /** An order in [0, 2^32); about half lie above 2^31, as WeCom's do. */
  private long randomOrder() {
    return random.nextInt(2) == 0 ? random.nextLong(TWO_POW_31) : TWO_POW_31 + random.nextLong(TWO_POW_31);
  }
}
