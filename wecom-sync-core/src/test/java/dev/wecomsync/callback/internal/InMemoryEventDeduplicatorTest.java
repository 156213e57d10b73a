package dev.wecomsync.callback.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wecomsync.callback.EventClaim.State;
import dev.wecomsync.callback.EventClaim;
import dev.wecomsync.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InMemoryEventDeduplicatorTest {
    private static final Duration LEASE = Duration.ofMinutes(1);
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final InMemoryEventDeduplicator dedup =
            new InMemoryEventDeduplicator(Duration.ofMinutes(10), 1000, clock);

    @Test
    void claimThenCommitMakesLaterClaimsSeeDelivered() {
        EventClaim first = dedup.claim("k", LEASE);
        assertThat(first.state()).isEqualTo(State.CLAIMED);
        assertThat(dedup.claim("k", LEASE).state()).isEqualTo(State.IN_PROGRESS);
        dedup.commit(first);
        assertThat(dedup.claim("k", LEASE).state()).isEqualTo(State.DELIVERED);
        assertThat(dedup.claim("other", LEASE).state()).isEqualTo(State.CLAIMED);
    }

    @Test
    void releaseLetsTheNextDeliveryClaimAgain() {
        EventClaim first = dedup.claim("k", LEASE);
        dedup.release(first);
        EventClaim second = dedup.claim("k", LEASE);
        assertThat(second.state()).isEqualTo(State.CLAIMED);
        assertThat(second.token()).isNotEqualTo(first.token());
    }

    @Test
    void expiredLeaseCanBeTakenOverAndTheOldHolderCanNoLongerCommitOrRelease() {
        EventClaim stale = dedup.claim("k", LEASE);
        clock.advance(LEASE);
        EventClaim current = dedup.claim("k", LEASE);
        assertThat(current.state()).isEqualTo(State.CLAIMED);

        dedup.release(stale);
        assertThat(dedup.claim("k", LEASE).state()).as("stale release ignored").isEqualTo(State.IN_PROGRESS);
        dedup.commit(stale);
        assertThat(dedup.claim("k", LEASE).state()).as("stale commit ignored").isEqualTo(State.IN_PROGRESS);

        dedup.commit(current);
        assertThat(dedup.claim("k", LEASE).state()).isEqualTo(State.DELIVERED);
    }

    @Test
    void deliveredKeysAreForgottenAfterRetention() {
        EventClaim claim = dedup.claim("k", LEASE);
        dedup.commit(claim);
        clock.advance(Duration.ofMinutes(10).minusSeconds(1));
        assertThat(dedup.claim("k", LEASE).state()).isEqualTo(State.DELIVERED);
        clock.advance(Duration.ofSeconds(1));
        assertThat(dedup.claim("k", LEASE).state()).isEqualTo(State.CLAIMED);
        assertThat(dedup.size()).isEqualTo(1);
    }

    @Test
    void sizeIsBoundedByDroppingTheOldest() {
        InMemoryEventDeduplicator small = new InMemoryEventDeduplicator(Duration.ofHours(1), 3, clock);
        for (String key : new String[] {"a", "b", "c", "d"}) small.commit(small.claim(key, LEASE));
        assertThat(small.size()).isEqualTo(3);
        assertThat(small.claim("d", LEASE).state()).isEqualTo(State.DELIVERED);
        assertThat(small.claim("a", LEASE).state()).as("oldest dropped: redelivered, never lost")
                .isEqualTo(State.CLAIMED);
    }

}
