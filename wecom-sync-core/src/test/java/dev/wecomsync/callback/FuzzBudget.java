package dev.wecomsync.callback;

import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.Supplier;

/**
 * The fuzz tests' limit on one input: 100 ms of the calling thread's CPU time. Loading a class
 * for the first time (and, while fuzzing, instrumenting it) is charged to the thread that needs
 * it, so a call that loaded classes and went over is measured once more, warm, before it counts.
 */
public final class FuzzBudget {
    static final long BUDGET_NANOS = 100_000_000L;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final ClassLoadingMXBean CLASSES = ManagementFactory.getClassLoadingMXBean();

    private FuzzBudget() {}

    /** What {@code call} returned; fails when it took more than the budget. */
    public static <T> T within(Supplier<T> call) {
        long loaded = CLASSES.getTotalLoadedClassCount();
        long start = THREADS.getCurrentThreadCpuTime();
        T result = call.get();
        long spent = THREADS.getCurrentThreadCpuTime() - start;
        if (spent > BUDGET_NANOS && CLASSES.getTotalLoadedClassCount() != loaded) {
            start = THREADS.getCurrentThreadCpuTime();
            result = call.get();
            spent = THREADS.getCurrentThreadCpuTime() - start;
        }
        if (spent > BUDGET_NANOS) {
            throw new AssertionError("one input took " + spent / 1_000_000 + " ms of CPU time, over 100 ms");
        }
        return result;
    }
}
