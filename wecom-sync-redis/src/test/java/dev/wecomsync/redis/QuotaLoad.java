package dev.wecomsync.redis;

import dev.wecomsync.client.RateLimiter;
import dev.wecomsync.client.RetryPolicy;
import dev.wecomsync.client.WeComApiException;
import dev.wecomsync.client.WeComClient;
import dev.wecomsync.testkit.Org;
import dev.wecomsync.testkit.SimUser;
import dev.wecomsync.testkit.WeComSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Instances (one {@link WeComClient} each, with its own {@link RateLimiter}) that call
 * {@value #API} from many threads for a while against a simulator that allows {@code quota} calls a
 * minute of its clock and answers 45009 beyond. The simulator's clock runs {@code factor} times
 * faster than real time, so its minute is {@code 60 / factor} real seconds; limiters built with
 * {@code timeScale(factor)} count the same windows.
 */
final class QuotaLoad implements AutoCloseable {

    static final String API = "user/get";
    static final String SECRET = "app-secret-for-the-quota-test";

    final int factor;
    final FastClock clock;
    final WeComSimulator simulator;
    private final List<String> userIds;

    QuotaLoad(int factor, int quotaPerMinute) {
        this.factor = factor;
        this.clock = new FastClock(Instant.parse("2026-03-01T08:00:00Z"), factor);
        this.simulator = WeComSimulator.builder().clock(clock).org(Org.generate(20, 3, 7)).build();
        simulator.addAppSecret(SECRET);
        simulator.rateLimitPerMinute(API, quotaPerMinute);
        this.userIds = simulator.org().users().stream().map(SimUser::userId).toList();
    }

    /** What the simulator saw. */
    record Result(int succeeded, int rejected, int otherFailures, Duration elapsed, int factor) {
        /** Successful calls per minute of the simulator's clock. */
        double perSimulatedMinute() {
            return succeeded / (elapsed.toNanos() * (double) factor / Duration.ofMinutes(1).toNanos());
        }
    }

    /** Runs one instance per limiter, {@code threads} threads each, for {@code duration} of real time. */
    Result run(List<RateLimiter> limiters, int threads, Duration duration) throws Exception {
        List<WeComClient> clients = new ArrayList<>();
        for (RateLimiter limiter : limiters) {
            clients.add(WeComClient.builder().corpId(simulator.corpId()).secret(SECRET).baseUrl(simulator.baseUrl())
                    .retryPolicy(RetryPolicy.none()).maxConcurrency(threads).rateLimiter(limiter).build());
        }
        for (WeComClient client : clients) client.accessToken(); // tokens first: gettoken is not what is measured
        simulator.resetCounters();
        AtomicInteger rejectedSeen = new AtomicInteger();
        AtomicInteger otherFailures = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients.size() * threads);
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (WeComClient client : clients) {
                for (int t = 0; t < threads; t++) {
                    int offset = t;
                    futures.add(pool.submit(() -> {
                        for (int i = offset; System.nanoTime() < deadline; i++) {
                            try {
                                client.users().get(userIds.get(i % userIds.size()));
                            } catch (WeComApiException e) {
                                if (e.errcode() == 45009) rejectedSeen.incrementAndGet();
                                else otherFailures.incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
            }
            for (Future<?> f : futures) f.get();
        } finally {
            pool.shutdownNow();
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        int succeeded = (int) simulator.calls(API).stream().filter(c -> c.succeeded()).count();
        int rejected = (int) simulator.calls(API).stream().filter(c -> c.errcode() == 45009).count();
        return new Result(succeeded, Math.max(rejected, rejectedSeen.get()), otherFailures.get(), elapsed, factor);
    }

    @Override
    public void close() {
        simulator.close();
    }
}
