package dev.wecomsync.sync;

import dev.wecomsync.testkit.Org;
import dev.wecomsync.testkit.SimUser;
import dev.wecomsync.testkit.WeComSimulator;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a test: what confirming deletions costs. Syncs a large simulated org once, deletes a share
 * of its users in the simulator, then times a full sync at a given latency with nothing missing
 * and one with that share missing; the difference is what the confirmation reads add.
 *
 * <pre>
 * mvn -B -ntp -pl wecom-sync-core -am test -Dtest=ConfirmationBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dwecomsync.benchmark=true [-Dwecomsync.benchmark.users=100000 -Dwecomsync.benchmark.departments=3000
 *      -Dwecomsync.benchmark.latencyMs=20 -Dwecomsync.benchmark.concurrency=8 -Dwecomsync.benchmark.missing=0.01,0.10]
 * </pre>
 */
@EnabledIfSystemProperty(named = "wecomsync.benchmark", matches = "true")
class ConfirmationBenchmark {

    @Test
    void confirmations() {
        int users = Integer.getInteger("wecomsync.benchmark.users", 100_000);
        int departments = Integer.getInteger("wecomsync.benchmark.departments", 3_000);
        Duration latency = Duration.ofMillis(Integer.getInteger("wecomsync.benchmark.latencyMs", 20));
        int concurrency = Integer.getInteger("wecomsync.benchmark.concurrency", 8);
        String[] shares = System.getProperty("wecomsync.benchmark.missing", "0.01,0.10").split(",");
        System.out.printf("org: %,d users, %,d departments; latency %d ms; concurrency %d%n", users, departments,
                latency.toMillis(), concurrency);
        for (String share : shares) {
            measure(users, departments, latency, concurrency, Double.parseDouble(share));
        }
    }

    private static void measure(int users, int departments, Duration latency, int concurrency, double share) {
        try (WeComSimulator sim = WeComSimulator.builder().org(Org.generate(users, departments, 1)).seed(1).build()) {
            sim.addAppSecret("app");
            InMemorySyncStateStore store = new InMemorySyncStateStore();
            WeComSync sync = WeComSync.builder().client(SimulatedOrg.client(sim, "app"))
                    .target(new SyncBenchmark.CountingTarget()).stateStore(store).concurrency(concurrency)
                    .confirmationLimit(Integer.MAX_VALUE).build();
            sync.fullSync();
            sim.latency(latency);
            long baseline = sync.fullSync().duration().toMillis();
            List<SimUser> all = sim.org().users();
            int missing = (int) Math.round(all.size() * share);
            for (int i = 0; i < missing; i++) {
                sim.org().deleteUser(all.get(i * (all.size() / missing)).userId());
            }
            SyncReport report = sync.fullSync();
            System.out.printf("%4.0f%% missing (%,d users): %,d confirmation reads (user/get %,d), %,d deleted; "
                    + "full sync %,d ms vs %,d ms with nothing missing: +%,d ms%n", share * 100, missing,
                    report.confirmationReads(), report.apiCalls("user/get"), report.users().deleted(),
                    report.duration().toMillis(), baseline, report.duration().toMillis() - baseline);
        }
    }

}
