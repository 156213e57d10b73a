package dev.wecomsync.sync;

import dev.wecomsync.client.RetryPolicy;
import dev.wecomsync.client.WeComClient;
import dev.wecomsync.model.Department;
import dev.wecomsync.model.Gender;
import dev.wecomsync.model.User;
import dev.wecomsync.testkit.Org;
import dev.wecomsync.testkit.SimDepartment;
import dev.wecomsync.testkit.SimUser;
import dev.wecomsync.testkit.WeComSimulator;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Helpers to compare what a target received with the simulator's org. */
final class SimulatedOrg {

    static final RetryPolicy FAST_RETRIES = RetryPolicy.builder().maxAttempts(6).baseDelay(Duration.ofMillis(1))
            .maxDelay(Duration.ofMillis(5)).rateLimitDelay(Duration.ofMillis(5)).totalBudget(Duration.ofSeconds(20))
            .build();

    private SimulatedOrg() {
    }

    static WeComClient client(WeComSimulator sim, String secret) {
        return WeComClient.builder().corpId(sim.corpId()).secret(secret).baseUrl(sim.baseUrl())
                .retryPolicy(FAST_RETRIES).build();
    }

    /** userid → the fields both sides carry; withheld fields as null when {@code withheld}. */
    static Map<String, String> expectedUsers(Org org, boolean withheld) {
        Map<String, String> out = new TreeMap<>();
        for (SimUser u : org.users()) {
            out.put(u.userId(), line(u.userId(), u.name(), u.departments(), u.orders(), u.mainDepartment(),
                    u.leaderInDepartments(), u.directLeaders(), u.position(), u.status(), u.alias(), u.telephone(),
                    u.externalPosition(), withheld ? null : u.mobile(), withheld ? null : u.email(),
                    withheld || u.gender() == null ? null : Gender.fromCode(u.gender()).code(), u.extAttrs().size()));
        }
        return out;
    }

    static Map<String, String> actualUsers(Collection<User> users) {
        Map<String, String> out = new TreeMap<>();
        for (User u : users) {
            out.put(u.userId(), line(u.userId(), u.name(), u.departments(), u.orders(), u.mainDepartment(),
                    u.leaderInDepartments(), u.directLeaders(), u.position(), u.status().code(), u.alias(),
                    u.telephone(), u.externalPosition(), u.mobile(), u.email(),
                    u.gender() == null ? null : u.gender().code(), u.extAttrs().size()));
        }
        return out;
    }

    static Map<Long, String> expectedDepartments(Org org) {
        Map<Long, String> out = new TreeMap<>();
        for (SimDepartment d : org.departments()) {
            out.put(d.id(), line(d.name(), d.nameEn(), d.parentId(), d.order(), d.leaders()));
        }
        return out;
    }

    static Map<Long, String> actualDepartments(Collection<Department> departments) {
        Map<Long, String> out = new TreeMap<>();
        for (Department d : departments) {
            out.put(d.id(), line(d.name(), d.nameEn(), d.parentId(), d.order(), d.leaders()));
        }
        return out;
    }

    private static String line(Object... values) {
        StringBuilder s = new StringBuilder();
        for (Object v : values) {
            Object normalized = v instanceof String str && str.isEmpty() ? null : v;
            normalized = v instanceof List<?> list && list.isEmpty() ? "[]" : normalized;
            s.append(normalized).append('|');
        }
        return s.toString();
    }
}
