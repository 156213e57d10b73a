package dev.wecomsync.callback;

import dev.wecomsync.callback.TestSender.Request;
import dev.wecomsync.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;

/**
 * Benchmark, not a test (surefire runs only {@code *Test} classes): events per second through
 * {@link CallbackHandler#handle} without the network: verify, decrypt, parse, de-duplicate and a
 * no-op listener. Run from the repository root:
 * <pre>
 * mvn -B -ntp -q -pl wecom-sync-core -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp wecom-sync-core/target/test-classes:wecom-sync-core/target/classes:$(cat wecom-sync-core/target/cp.txt) \
 *     dev.wecomsync.callback.HandleThroughput [threads] [seconds]
 * </pre>
 */
public final class HandleThroughput {
    private static final int DISTINCT = 50_000;

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        ManualClock clock = new ManualClock(Instant.parse("2026-03-01T08:00:00Z"));
        TestSender sender = new TestSender(clock);
        List<Request> events = new ArrayList<>(DISTINCT);
        for (int i = 0; i < DISTINCT; i++) {
            events.add(sender.event(TestSender.createUser("user" + i, 1700000000L + i)));
        }
        LongAdder delivered = new LongAdder();
        System.out.printf("threads=%d, %d distinct create_user events (%d-byte bodies)%n",
                threads, DISTINCT, events.get(0).body().length());
        run("warm-up", events, threads, Duration.ofSeconds(2), sender, clock, delivered);
        run("distinct events", events, threads, Duration.ofSeconds(seconds), sender, clock, delivered);
        run("duplicates only", List.of(events.get(0)), threads, Duration.ofSeconds(seconds), sender, clock,
                delivered);
    }

    private static void run(String label, List<Request> events, int threads, Duration duration,
            TestSender sender, ManualClock clock, LongAdder delivered) throws Exception {
        LongAdder handled = new LongAdder();
        LongAdder failed = new LongAdder();
        long deadline = System.nanoTime() + duration.toNanos();
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int offset = t;
                workers.add(pool.submit(() -> {
                    while (System.nanoTime() < deadline) {
                        // A fresh handler (and so a fresh de-duplicator) per pass keeps events distinct.
                        CallbackHandler handler = CallbackHandler.builder().crypto(sender.crypto()).clock(clock)
                                .onEvent(e -> delivered.increment()).build();
                        for (int i = offset; i < events.size() && System.nanoTime() < deadline; i += threads) {
                            Request r = events.get(i);
                            if (handler.handle(r.method(), r.rawQuery(), r.body()).status() != 200) {
                                failed.increment();
                            }
                            handled.increment();
                        }
                        if (events.size() == 1) {
                            while (System.nanoTime() < deadline) {
                                Request r = events.get(0);
                                handler.handle(r.method(), r.rawQuery(), r.body());
                                handled.increment();
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> w : workers) w.get();
        } finally {
            pool.shutdown();
        }
        double secs = (System.nanoTime() - start) / 1e9;
        System.out.printf("%-16s %,10.0f events/s (%,d handled, %d not 200)%n",
                label, handled.sum() / secs, handled.sum(), failed.sum());
    }
}
