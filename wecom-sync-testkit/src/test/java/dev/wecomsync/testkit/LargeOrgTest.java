package dev.wecomsync.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The simulator at the sizes the benchmarks use: what it generates and serves is complete. How fast
 * it does so is {@link SimulatorBenchmark}'s to measure, not a test's (a shared machine's timings
 * would only make the build flaky).
 */
class LargeOrgTest {

    @Test
    void generates100kUsersIn3kDepartmentsEachInKnownDepartments() {
        Org org = Org.generate(100_000, 3_000, 1);

        assertThat(org.userCount()).isEqualTo(100_000);
        assertThat(org.departmentCount()).isEqualTo(3_000);
        Set<Long> departments = new HashSet<>();
        org.departments().forEach(d -> departments.add(d.id()));
        assertThat(org.users()).allSatisfy(u -> assertThat(departments).containsAll(u.departments()));
    }

    @Test
    void userListServesAThousandMembersOfOneDepartment() {
        Org org = Org.create();
        SimDepartment big = org.addDepartment("大部门", 1);
        Org generated = Org.generate(1_000, 2, 5);
        for (SimUser u : generated.users()) org.addUser(u.withDepartments(List.of(big.id())));
        try (WeComSimulator sim = WeComSimulator.builder().org(org).build()) {
            sim.addAppSecret("s");
            ApiCalls api = new ApiCalls(sim);
            JsonNode r = api.get(api.token("s"), "user/list", "department_id", String.valueOf(big.id()));

            assertThat(r.path("userlist").size()).isEqualTo(1_000);
            Set<String> ids = new HashSet<>();
            r.path("userlist").forEach(u -> ids.add(u.path("userid").asText()));
            assertThat(ids).hasSize(1_000);
        }
    }
}
