package dev.wecomsync.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class OrgTest {

  @Test
  void generationIsDeterministic() {
    Org a = Org.generate(500, 40, 42);
    Org b = Org.generate(500, 40, 42);
    Org c = Org.generate(500, 40, 43);
    assertThat(a.users()).isEqualTo(b.users());
    assertThat(a.departments()).isEqualTo(b.departments());
    assertThat(a.users()).isNotEqualTo(c.users());
  }

  @Test
  void generatedOrgIsRealistic() {
    Org org = Org.generate(5_000, 200, 7);
    assertThat(org.userCount()).isEqualTo(5_000);
    assertThat(org.departmentCount()).isEqualTo(200);
    SimDepartment root = org.department(1).orElseThrow();
    assertThat(root.parentId()).isZero();

    Map<Long, Integer> depth = new HashMap<>();
    for (SimDepartment d : org.departments()) {          // parents come first
      depth.put(d.id(), d.id() == 1 ? 1 : depth.get(d.parentId()) + 1);
    }
    assertThat(depth.values().stream().mapToInt(Integer::intValue).max().orElseThrow()).isEqualTo(8);

    List<SimUser> users = org.users();
    long multi = users.stream().filter(u -> u.departments().size() > 1).count();
    assertThat(multi).isBetween(300L, 700L);            // about 10%
    assertThat(users.stream().map(SimUser::status).collect(Collectors.toSet())).containsExactlyInAnyOrder(1, 2, 4, 5);
    assertThat(users.stream().flatMap(u -> u.orders().stream())).anyMatch(o -> o > (1L << 31));
    assertThat(org.departments()).anyMatch(d -> d.order() > (1L << 31));
    assertThat(users.get(0).name()).matches("\\p{IsHan}{2,4}");
    assertThat(users).allMatch(u -> u.departments().contains(u.mainDepartment()));
    assertThat(org.departments()).anyMatch(d -> !d.leaders().isEmpty());
    assertThat(users).anyMatch(u -> !u.directLeaders().isEmpty());
    Set<String> lowerIds = users.stream().map(u -> u.userId().toLowerCase()).collect(Collectors.toSet());
    assertThat(lowerIds).hasSize(users.size());
  }

  @Test
  void useridsAreCaseInsensitive() {
    Org org = Org.create();
    org.addUser(SimUser.builder("ZhangSan", "张三").department(1).build());
    assertThat(org.user("zhangsan")).map(SimUser::userId).contains("ZhangSan");
    assertThatThrownBy(() -> org.addUser(SimUser.builder("ZHANGSAN", "张三").department(1).build()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void mutationsKeepTheIndexesInStep() {
    Org org = Org.create("总部");
    SimDepartment rd = org.addDepartment("研发部", 1);
    SimDepartment qa = org.addDepartment("测试部", rd.id());
    org.addUser(SimUser.builder("lisi", "李四").department(rd.id()).build());
    org.addUser(SimUser.builder("wangwu", "王五").department(rd.id()).directLeaders(List.of("lisi")).build());
    org.updateDepartment(rd.withLeaders(List.of("lisi")));

    org.moveUser("lisi", qa.id(), 1);
    assertThat(org.members(rd.id())).extracting(SimUser::userId).containsExactly("wangwu");
    assertThat(org.members(qa.id())).extracting(SimUser::userId).containsExactly("lisi");
    assertThat(org.user("lisi").orElseThrow().mainDepartment()).isEqualTo(qa.id());

    org.renameUserId("lisi", "lisi2");
    assertThat(org.user("lisi")).isEmpty();
    assertThat(org.user("wangwu").orElseThrow().directLeaders()).containsExactly("lisi2");
    assertThat(org.department(rd.id()).orElseThrow().leaders()).containsExactly("lisi2");

    assertThatThrownBy(() -> org.deleteDepartment(rd.id())).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> org.moveDepartment(rd.id(), qa.id())).isInstanceOf(IllegalArgumentException.class);
    org.moveDepartment(qa.id(), 1);
    assertThat(org.children(1)).extracting(SimDepartment::id).containsExactly(rd.id(), qa.id());

    org.deleteUser("wangwu");
    org.deleteDepartment(rd.id());
    assertThat(org.department(rd.id())).isEmpty();
    assertThatThrownBy(() -> org.deleteUser("nobody")).isInstanceOf(NoSuchElementException.class);
    assertThatThrownBy(() -> org.addUser(SimUser.builder("x", "X").department(999).build()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void ofRejectsWhatIsNotOneTree() {
    SimDepartment root = SimDepartment.of(1, "总部", 0);
    assertThatThrownBy(() -> Org.of(List.of(SimDepartment.of(2, "A", 1)), List.of()))
        .hasMessageContaining("root department 1");
    assertThatThrownBy(() -> Org.of(List.of(root, SimDepartment.of(2, "A", 9)), List.of()))
        .hasMessageContaining("unknown parent 9");
    assertThatThrownBy(() -> Org.of(List.of(root, SimDepartment.of(2, "A", 3), SimDepartment.of(3, "B", 2)), List.of()))
        .hasMessageContaining("one tree");
    assertThatThrownBy(() -> Org.of(List.of(root, root), List.of())).hasMessageContaining("duplicate");
    assertThatThrownBy(() -> SimUser.builder("a", "A").department(2).mainDepartment(3).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Org.create().addUser(SimUser.builder("a", "A").build()))
        .hasMessageContaining("at least one department");
  }

  @Test
  void tinyGeneratedOrgsWork() {
    assertThat(Org.generate(0, 1, 1).departments()).hasSize(1);
    Org small = Org.generate(10, 3, 1);
    assertThat(small.departments()).extracting(SimDepartment::id).containsExactly(1L, 2L, 3L);
    assertThat(small.userCount()).isEqualTo(10);
  }

  @Test
  void usersAfterPagesInCaseInsensitiveOrder() {
    Org org = Org.create();
    for (String id : List.of("b", "A", "c", "D")) org.addUser(SimUser.builder(id, id).department(1).build());
    assertThat(org.usersAfter(null, 3)).extracting(SimUser::userId).containsExactly("A", "b", "c");
    assertThat(org.usersAfter("C", 3)).extracting(SimUser::userId).containsExactly("D");
  }

  @Test
  void readsRunWhileOthersMutate() throws Exception {
    Org org = Org.generate(2_000, 50, 1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<?> writer = pool.submit(() -> {
        for (int i = 0; i < 2_000; i++) {
          org.addUser(SimUser.builder("tmp" + i, "临时").department(2).build());
          org.deleteUser("tmp" + i);
        }
      });
      Future<Integer> reader = pool.submit(() -> {
        int seen = 0;
        while (!writer.isDone()) seen += org.members(2).size() + org.usersAfter("m", 100).size();
        return seen;
      });
      writer.get();
      assertThat(reader.get()).isPositive();
      assertThat(org.userCount()).isEqualTo(2_000);
    } finally {
      pool.shutdownNow();
    }
  }
}
