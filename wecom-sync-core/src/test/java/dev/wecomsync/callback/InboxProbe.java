package dev.wecomsync.callback;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Counts what inbox workers report and lets a test wait for counts, without sleeping. */
final class InboxProbe implements InboxListener {
    private final List<ContactEvent> applied = new ArrayList<>();
    private int retried;
    private int parked;

    @Override
    public synchronized void onApplied(ContactEvent event, InboxEvent entry) {
        applied.add(event);
        notifyAll();
    }

    @Override
    public synchronized void onRetry(ContactEvent event, InboxEvent entry, Throwable error, Instant nextAttempt) {
        retried++;
        notifyAll();
    }

    @Override
    public synchronized void onParked(ContactEvent event, InboxEvent entry, Throwable error) {
        parked++;
        notifyAll();
    }

    synchronized List<ContactEvent> applied() {
        return List.copyOf(applied);
    }

    synchronized int retried() {
        return retried;
    }

    synchronized int parked() {
        return parked;
    }

    void awaitApplied(int n) {
        await(() -> applied.size() >= n, "applied >= " + n);
    }

    void awaitRetried(int n) {
        await(() -> retried >= n, "retried >= " + n);
    }

    void awaitParked(int n) {
        await(() -> parked >= n, "parked >= " + n);
    }

    /** Waits up to 60 s for {@code condition}, woken by each report. */
    synchronized void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try {
            while (!condition.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("timed out waiting for " + what + " (applied " + applied.size()
                            + ", retried " + retried + ", parked " + parked + ")");
                }
                wait(Math.max(1, left / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
