package dev.wecomsync.sync.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts the engine's calls per API path; thread-safe. */
public final class ApiCalls {

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    public void count(String api) {
        counts.computeIfAbsent(api, k -> new LongAdder()).increment();
    }

    /** All calls counted so far. */
    public long total() {
        return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** A sorted copy. */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((api, n) -> out.put(api, n.sum()));
        return out;
    }
}
