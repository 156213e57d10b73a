package dev.wecomsync.testkit.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts requests per API name ("user/get"), whatever their outcome. Not API. */
public final class CallCounters {

  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

  public void record(String api) {
    counts.computeIfAbsent(api, k -> new AtomicInteger()).incrementAndGet();
  }

  public int count(String api) {
    AtomicInteger c = counts.get(api);
    return c == null ? 0 : c.get();
  }

  /** A sorted snapshot of every non-zero count. */
  public Map<String, Integer> snapshot() {
    Map<String, Integer> out = new TreeMap<>();
    counts.forEach((api, c) -> {
      if (c.get() > 0) out.put(api, c.get());
    });
    return out;
  }

  public void reset() {
    counts.clear();
  }
}
