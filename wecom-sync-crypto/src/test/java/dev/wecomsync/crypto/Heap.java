package dev.wecomsync.crypto;

import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;

/** What the garbage collector can reclaim: for tests that nothing outlives a call. */
final class Heap {
    private static final int COLLECTIONS = 20;

    private Heap() {}

    /** True once {@code ref} was cleared, trying up to 20 full collections. */
    static boolean collected(WeakReference<?> ref) {
        for (int i = 0; i < COLLECTIONS && ref.get() != null; i++) {
            System.gc();
        }
        return ref.get() == null;
    }

    /** Bytes in use after full collections, once the figure stops shrinking. */
    static long retained() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < COLLECTIONS; i++) {
            System.gc();
            long now = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            if (now >= used) return now;
            used = now;
        }
        return used;
    }
}
