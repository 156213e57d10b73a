package dev.wecomsync.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Frequency limits (45009), injected faults and call counters. */
class FaultsTest {

    private final ManualClock clock = ManualClock.start();
    private WeComSimulator sim;
    private ApiCalls api;
    private String token;

    @BeforeEach
    void start() {
        sim = WeComSimulator.builder().org(SmallOrg.create()).clock(clock).seed(11).build();
        sim.addAppSecret("app-secret");
        api = new ApiCalls(sim);
        token = api.token("app-secret");
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private int userGet() {
        return api.get(token, "user/get", "userid", "zhangsan").path("errcode").asInt();
    }

    @Test
    void minuteQuotaAnswers45009UntilTheWindowRolls() {
        clock.set(java.time.Instant.parse("2026-01-01T00:00:10Z"));
        sim.rateLimitPerMinute("user/get", 3);
        assertThat(List.of(userGet(), userGet(), userGet(), userGet())).containsExactly(0, 0, 0, 45009);
        assertThat(api.get(token, "department/get", "id", "1").path("errcode").asInt()).isZero();
        clock.advance(Duration.ofSeconds(49));
        assertThat(userGet()).isEqualTo(45009);
        clock.advance(Duration.ofSeconds(1));
        assertThat(userGet()).isZero();
    }

    @Test
    void quotaForAllAppliesToEachApi() {
        sim.rateLimitPerMinute(WeComSimulator.ALL_APIS, 1);
        assertThat(userGet()).isZero();
        assertThat(userGet()).isEqualTo(45009);
        assertThat(api.get(token, "department/get", "id", "1").path("errcode").asInt()).isZero();
    }

    @Test
    void concurrencyCapAnswers45033() throws Exception {
        sim.concurrencyLimit(2).latency(Duration.ofMillis(300));
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 6; i++) calls.add(pool.submit((Callable<Integer>) this::userGet));
            List<Integer> codes = new ArrayList<>();
            for (Future<Integer> f : calls) codes.add(f.get());
            assertThat(codes).contains(45033);
            assertThat(codes.stream().filter(c -> c == 0).count()).isBetween(2L, 4L);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void latencyDelaysAnswers() {
        sim.latency(Duration.ofMillis(120));
        long start = System.nanoTime();
        userGet();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(120));
    }

    @Test
    void busyAndHttp502AndDroppedConnections() throws IOException {
        sim.busyRate(1.0);
        assertThat(userGet()).isEqualTo(-1);
        sim.busyRate(0).http502Rate(1.0);
        assertThat(ApiCalls.status(sim, "user/get")).isEqualTo(502);
        sim.http502Rate(0).dropConnectionRate(1.0);
        assertThatThrownBy(this::userGet).isInstanceOf(UncheckedIOException.class);
        sim.clearFaults();
        assertThat(userGet()).isZero();
    }

    @Test
    void busyAnswersAreDeterministicForASeed() {
        assertThat(busyPattern(5)).isEqualTo(busyPattern(5)).isNotEqualTo(busyPattern(6));
    }

    private List<Integer> busyPattern(long seed) {
        try (WeComSimulator s = WeComSimulator.builder().org(SmallOrg.create()).seed(seed).build()) {
            s.addAppSecret("x");
            ApiCalls a = new ApiCalls(s);
            String t = a.token("x");
            s.busyRate(0.5);
            List<Integer> out = new ArrayList<>();
            for (int i = 0; i < 20; i++) out.add(a.get(t, "department/get", "id", "1").path("errcode").asInt());
            return out;
        }
    }

    @Test
    void failNextFailsExactlyThatManyCallsOfThatApi() {
        sim.failNext("user/get", 2, 45009);
        assertThat(api.get(token, "department/get", "id", "1").path("errcode").asInt()).isZero();
        assertThat(List.of(userGet(), userGet(), userGet())).containsExactly(45009, 45009, 0);
        sim.failNext(WeComSimulator.ALL_APIS, 1, -1);
        assertThat(api.get(token, "department/list").path("errcode").asInt()).isEqualTo(-1);
        assertThat(api.get(token, "department/list").path("errcode").asInt()).isZero();
    }

    @Test
    void callLogKeepsParametersAndOutcomesButNoSecrets() {
        sim.resetCounters();
        sim.failNext("user/get", 1, 60011);
        userGet();
        api.get(token, "user/get", "userid", "lisi");
        api.getToken("app-secret");
        sim.http502Rate(1.0);
        assertThatThrownBy(() -> api.get(token, "department/list")).hasMessage("HTTP 502");
        List<SimulatedCall> calls = sim.calls();
        assertThat(calls).extracting(SimulatedCall::api).containsExactly("user/get", "user/get", "gettoken", "department/list");
        assertThat(calls.get(0).param("userid")).isEqualTo("zhangsan");
        assertThat(calls.get(0).errcode()).isEqualTo(60011);
        assertThat(calls.get(1).succeeded()).isTrue();
        assertThat(calls.get(2).params()).containsOnlyKeys("corpid");
        assertThat(calls.get(3).httpStatus()).isEqualTo(502);
        assertThat(sim.calls("user/get")).extracting(c -> c.param("userid")).containsExactly("zhangsan", "lisi");
        assertThat(calls.toString()).doesNotContain(token).doesNotContain("app-secret");
    }

    @Test
    void countersCountEveryCallPerApi() {
        sim.resetCounters();
        sim.failNext("user/get", 1, -1);
        userGet();
        userGet();
        api.get(token, "user/list", "department_id", "2");
        assertThat(sim.callCount("user/get")).isEqualTo(2);
        assertThat(sim.callCounts()).isEqualTo(Map.of("user/get", 2, "user/list", 1));
        sim.resetCounters();
        assertThat(sim.callCount("user/get")).isZero();
    }
}
