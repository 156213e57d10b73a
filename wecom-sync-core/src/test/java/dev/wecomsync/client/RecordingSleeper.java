package dev.wecomsync.client;

import dev.wecomsync.client.internal.Sleeper;
import dev.wecomsync.testkit.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records each wait and advances the test clock by it instead of sleeping. */
final class RecordingSleeper implements Sleeper {

    private final ManualClock clock;
    final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    RecordingSleeper(ManualClock clock) {
        this.clock = clock;
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException();
        }
        sleeps.add(duration);
        clock.advance(duration);
    }
}
