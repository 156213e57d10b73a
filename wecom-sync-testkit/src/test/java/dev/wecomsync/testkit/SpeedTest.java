package dev.wecomsync.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Generous sanity bounds only (a shared 2-core machine); exact figures come from {@link SimulatorBenchmark}.
 */
class SpeedTest {

  @Test
  void generating100kUsersIn3kDepartmentsIsQuick() {
    long start = System.nanoTime();
    Org org = Org.generate(100_000, 3_000, 1);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(org.userCount()).isEqualTo(100_000);
    assertThat(org.departmentCount()).isEqualTo(3_000);
    assertThat(took).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void userListOfAThousandMembersIsQuick() {
    Org org = Org.create();
    SimDepartment big = org.addDepartment("大部门", 1);
    Org generated = Org.generate(1_000, 2, 5);
    for (SimUser u : generated.users()) org.addUser(u.withDepartments(List.of(big.id())));
    try (WeComSimulator sim = WeComSimulator.builder().org(org).build()) {
      sim.addAppSecret("s");
      ApiCalls api = new ApiCalls(sim);
      String token = api.token("s");
      List<Duration> times = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        long start = System.nanoTime();
        JsonNode r = api.get(token, "user/list", "department_id", String.valueOf(big.id()));
        times.add(Duration.ofNanos(System.nanoTime() - start));
        assertThat(r.path("userlist").size()).isEqualTo(1_000);
      }
      assertThat(times.stream().min(Duration::compareTo).orElseThrow()).isLessThan(Duration.ofMillis(500));
    }
  }
}
