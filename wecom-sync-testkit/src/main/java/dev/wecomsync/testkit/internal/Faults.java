package dev.wecomsync.testkit.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The limits and faults a simulator injects: per-API minute quotas on the simulator's clock, a per-API
 * concurrency cap, latency, random busy / HTTP 502 / dropped-connection answers drawn from one seeded random
 * source, and queued failures for the next calls of an API. Not API.
 */
public final class Faults {

  /** Stands for every API in {@link #rateLimitPerMinute} and {@link #failNext}. */
  public static final String ALL = "*";

  private final Clock clock;
  private final Random random;
  private final Map<String, Integer> perMinute = new ConcurrentHashMap<>();
  private final Map<String, long[]> windows = new HashMap<>();          // api -> {minute, count}
  private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
  private final Map<String, Deque<Integer>> failNext = new HashMap<>();
  private volatile int concurrencyLimit;
  private volatile long latencyMinNanos;
  private volatile long latencyMaxNanos;
  private volatile double busyRate;
  private volatile double http502Rate;
  private volatile double dropRate;

  public Faults(Clock clock, long seed) {
    this.clock = clock;
    this.random = new Random(seed);
  }

  // ------------------------------------------------------------ configuration

  public void rateLimitPerMinute(String api, int callsPerMinute) {
    if (callsPerMinute <= 0) perMinute.remove(api);
    else perMinute.put(api, callsPerMinute);
  }

  public void concurrencyLimit(int limit) {
    concurrencyLimit = Math.max(0, limit);
  }

  public void latency(Duration min, Duration max) {
    if (min.isNegative() || max.compareTo(min) < 0) throw new IllegalArgumentException("need 0 <= min <= max");
    latencyMinNanos = min.toNanos();
    latencyMaxNanos = max.toNanos();
  }

  public void busyRate(double rate) {
    busyRate = checkRate(rate);
  }

  public void http502Rate(double rate) {
    http502Rate = checkRate(rate);
  }

  public void dropConnectionRate(double rate) {
    dropRate = checkRate(rate);
  }

  public void failNext(String api, int times, int errcode) {
    synchronized (failNext) {
      Deque<Integer> q = failNext.computeIfAbsent(api, k -> new ArrayDeque<>());
      for (int i = 0; i < times; i++) q.add(errcode);
    }
  }

  /** Removes every limit and fault. */
  public void clear() {
    perMinute.clear();
    synchronized (windows) {
      windows.clear();
    }
    synchronized (failNext) {
      failNext.clear();
    }
    concurrencyLimit = 0;
    latencyMinNanos = 0;
    latencyMaxNanos = 0;
    busyRate = 0;
    http502Rate = 0;
    dropRate = 0;
  }

  // ------------------------------------------------------------ per request

  /** Takes a concurrency slot; false (45033) when the API already has {@code limit} calls in flight. */
  public boolean enter(String api) {
    AtomicInteger n = inFlight.computeIfAbsent(api, k -> new AtomicInteger());
    int now = n.incrementAndGet();
    int limit = concurrencyLimit;
    if (limit > 0 && now > limit) {
      n.decrementAndGet();
      return false;
    }
    return true;
  }

  public void exit(String api) {
    inFlight.get(api).decrementAndGet();
  }

  /** Sleeps for the configured (possibly random) latency; keeps the interrupt flag. */
  public void delay() {
    long min = latencyMinNanos;
    long max = latencyMaxNanos;
    long nanos = max > min ? min + (long) (draw() * (max - min)) : min;
    if (nanos <= 0) return;
    try {
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public boolean dropConnection() {
    return roll(dropRate);
  }

  public boolean http502() {
    return roll(http502Rate);
  }

  public boolean busy() {
    return roll(busyRate);
  }

  /** The errcode queued for this API's next call (or for every API), or 0. */
  public int takeQueuedFailure(String api) {
    synchronized (failNext) {
      for (String key : new String[] {api, ALL}) {
        Deque<Integer> q = failNext.get(key);
        if (q != null && !q.isEmpty()) return q.poll();
      }
      return 0;
    }
  }

  /** Counts the call in the current minute window; false (45009) when it is over the API's quota. */
  public boolean admit(String api) {
    Integer limit = perMinute.getOrDefault(api, perMinute.get(ALL));
    if (limit == null) return true;
    long minute = Math.floorDiv(clock.millis(), 60_000L);
    synchronized (windows) {
      long[] w = windows.computeIfAbsent(api, k -> new long[] {minute, 0});
      if (w[0] != minute) {
        w[0] = minute;
        w[1] = 0;
      }
      w[1]++;
      return w[1] <= limit;
    }
  }

  private boolean roll(double rate) {
    return rate > 0 && draw() < rate;
  }

  private double draw() {
    synchronized (random) {
      return random.nextDouble();
    }
  }

  private static double checkRate(double rate) {
    if (!(rate >= 0 && rate <= 1)) throw new IllegalArgumentException("rate must be in [0, 1]: " + rate);
    return rate;
  }
}
