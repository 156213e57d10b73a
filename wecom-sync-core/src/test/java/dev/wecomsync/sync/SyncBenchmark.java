package dev.wecomsync.sync;

import dev.wecomsync.client.WeComClient;
import dev.wecomsync.model.Department;
import dev.wecomsync.model.User;
import dev.wecomsync.testkit.Org;
import dev.wecomsync.testkit.WeComSimulator;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a test: full sync of a large simulated org, timed, with the heap it needs and the state
 * store's bytes per user. Runs only when asked (find the smallest heap that passes by lowering
 * {@code -Xmx} with {@code -Dtest=SyncBenchmark#planA}):
 *
 * <pre>
 * mvn -B -ntp -pl wecom-sync-core -am test -Dtest=SyncBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dwecomsync.benchmark=true -DargLine=-Xmx512m [-Dwecomsync.benchmark.warmup=true]
 *     [-Dwecomsync.benchmark.users=100000 -Dwecomsync.benchmark.departments=3000
 *      -Dwecomsync.benchmark.latencyMs=20 -Dwecomsync.benchmark.concurrency=8]
 * </pre>
 */
@EnabledIfSystemProperty(named = "wecomsync.benchmark", matches = "true")
class SyncBenchmark {

    private static final int USERS = Integer.getInteger("wecomsync.benchmark.users", 100_000);
    private static final int DEPARTMENTS = Integer.getInteger("wecomsync.benchmark.departments", 3_000);
    private static final Duration LATENCY = Duration.ofMillis(Integer.getInteger("wecomsync.benchmark.latencyMs", 20));
    private static final int CONCURRENCY = Integer.getInteger("wecomsync.benchmark.concurrency", 8);

    /** Counts what it is given and keeps nothing, so the heap measures the engine and the simulator. */
    static final class CountingTarget implements SyncTarget {
        final AtomicLong users = new AtomicLong();
        final AtomicLong departments = new AtomicLong();

        @Override
        public void upsertDepartments(List<Department> batch) {
            departments.addAndGet(batch.size());
        }

        @Override
        public void upsertUsers(List<User> batch) {
            users.addAndGet(batch.size());
        }

        @Override
        public void renameUser(String oldUserId, String newUserId) {
        }

        @Override
        public void deleteUsers(List<String> userIds) {
        }

        @Override
        public void deleteDepartments(List<Long> departmentIds) {
        }
    }

    @Test
    void planA() {
        run(false);
    }

    @Test
    void planC() {
        run(true);
    }

    private static void run(boolean planC) {
        long genStart = System.nanoTime();
        Org org = Org.generate(USERS, DEPARTMENTS, 1);
        long genMs = (System.nanoTime() - genStart) / 1_000_000;
        try (WeComSimulator sim = WeComSimulator.builder().org(org).seed(1).build()) {
            sim.latency(LATENCY);
            WeComSync.Builder builder = WeComSync.builder().concurrency(CONCURRENCY);
            if (planC) {
                sim.addAppSecret("app").createdAfterJune2022();
                sim.addContactSyncSecret("contacts").restrictDetailApis();
                builder.client(client(sim, "app")).contactSyncClient(client(sim, "contacts"));
            } else {
                sim.addAppSecret("app");
                builder.client(client(sim, "app"));
            }
            long coldMs = 0;
            if (Boolean.getBoolean("wecomsync.benchmark.warmup")) {
                long coldStart = System.nanoTime();
                builder.target(new CountingTarget()).stateStore(new InMemorySyncStateStore()).build().fullSync();
                coldMs = (System.nanoTime() - coldStart) / 1_000_000;
                sim.resetCounters();
            }
            CountingTarget target = new CountingTarget();
            InMemorySyncStateStore store = new InMemorySyncStateStore();
            WeComSync sync = builder.target(target).stateStore(store).build();
            long baseline = usedHeapAfterGc();
            ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);

            long start = System.nanoTime();
            SyncReport report = sync.fullSync();
            long wallMs = (System.nanoTime() - start) / 1_000_000;

            long retained = usedHeapAfterGc();
            long peak = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getType() == MemoryType.HEAP).mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            long calls = report.apiCalls().values().stream().mapToLong(Long::longValue).sum();
            double ideal = calls * LATENCY.toMillis() / (double) CONCURRENCY;
            System.err.printf("%nBENCHMARK plan %s: %,d users, %,d departments, latency %d ms, concurrency %d, -Xmx %d MB%n",
                    report.plan(), USERS, DEPARTMENTS, LATENCY.toMillis(), CONCURRENCY,
                    Runtime.getRuntime().maxMemory() >> 20);
            System.err.printf("  wall %,d ms; engine calls %s (sum %,d); ideal calls x latency / concurrency = %,.0f ms; ratio %.2f%n",
                    wallMs, report.apiCalls(), calls, ideal, wallMs / ideal);
            System.err.printf("  simulator counts %s%s%n", sim.callCounts(),
                    coldMs > 0 ? "; measured after a warm-up run that took " + coldMs + " ms" : "");
            System.err.printf("  heap: %,d MB after GC before the run (simulator org included), %,d MB after GC after it"
                    + " (+%,d MB kept: state store), peak %,d MB (sum of pool peaks, garbage included)%n",
                    baseline >> 20, retained >> 20, (retained - baseline) >> 20, peak >> 20);
            System.err.printf("  target got %,d users, %,d departments; org generated in %,d ms; failures %d%n",
                    target.users.get(), target.departments.get(), genMs, report.failures().size());
            int storedUsers = store.size(EntityKind.USER);
            store.remove(EntityKind.USER, List.copyOf(store.read(EntityKind.USER).keySet()));
            long withoutUsers = usedHeapAfterGc();
            System.err.printf("  state store: %,d bytes per user in memory (%,d users; id, fingerprint and map entry)%n",
                    (retained - withoutUsers) / Math.max(1, storedUsers), storedUsers);
            if (sync.toString().isEmpty() || !report.succeeded()) {
                throw new AssertionError(report.toString());
            }
        }
    }

    private static WeComClient client(WeComSimulator sim, String secret) {
        // WeCom's own quota is 10,000 calls a minute per API; the benchmark measures the engine, not the limiter
        return WeComClient.builder().corpId(sim.corpId()).secret(secret).baseUrl(sim.baseUrl())
                .retryPolicy(SimulatedOrg.FAST_RETRIES).rateLimit(1_000_000).maxConcurrency(CONCURRENCY).build();
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
