package dev.wecomsync.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} that moves only when told to: hand it to {@link WeComSimulator.Builder#clock(Clock)} (and to
 * the code under test) to expire tokens and roll rate-limit windows without sleeping. Thread-safe.
 */
public final class ManualClock extends Clock {

  private final AtomicReference<Instant> now;
  private final ZoneId zone;

  public ManualClock(Instant start) {
    this(new AtomicReference<>(start), ZoneOffset.UTC);
  }

  private ManualClock(AtomicReference<Instant> now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  /** A clock at 2026-01-01T00:00:00Z. */
  public static ManualClock start() {
    return new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  }

  public ManualClock advance(Duration duration) {
    now.updateAndGet(i -> i.plus(duration));
    return this;
  }

  public ManualClock set(Instant instant) {
    now.set(instant);
    return this;
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  /** A view in another zone that shares this clock's time. */
  @Override
  public Clock withZone(ZoneId zone) {
    return new ManualClock(now, zone);
  }

  @Override
  public String toString() {
    return "ManualClock{" + now.get() + "}";
  }
}
