package dev.wecomsync.callback.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wecomsync.callback.EventInbox;
import dev.wecomsync.callback.EventInbox.Offer;
import dev.wecomsync.callback.InboxEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InMemoryEventInboxTest {
    static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");
    static final Duration LEASE = Duration.ofMinutes(1);

    private final EventInbox inbox = new InMemoryEventInbox(3, Duration.ofHours(1));

    private static String key(int n) {
        return String.format("%064x", n);
    }

    private List<String> claimedKeys(int max, Instant now) {
        return inbox.claim(max, now, LEASE).stream().map(InboxEvent::key).toList();
    }

    @Test
    void storesOnceAndAnswersFullBeyondCapacity() {
        assertThat(inbox.offer(key(1), "<xml/>", List.of("user:a"), T0)).isEqualTo(Offer.STORED);
        assertThat(inbox.offer(key(1), "<xml/>", List.of("user:a"), T0)).isEqualTo(Offer.DUPLICATE);
        assertThat(inbox.offer(key(2), "<xml/>", List.of(), T0)).isEqualTo(Offer.STORED);
        assertThat(inbox.offer(key(3), "<xml/>", List.of(), T0)).isEqualTo(Offer.STORED);
        assertThat(inbox.offer(key(4), "<xml/>", List.of(), T0)).isEqualTo(Offer.FULL);
        assertThat(inbox.backlog()).isEqualTo(new EventInbox.Backlog(3, 0, Optional.of(T0)));
    }

    @Test
    void eventsOfOneRecordAreClaimedOneAfterAnotherInArrivalOrder() {
        inbox.offer(key(1), "<xml/>", List.of("user:a"), T0);
        inbox.offer(key(2), "<xml/>", List.of("user:a"), T0);
        inbox.offer(key(3), "<xml/>", List.of("user:b"), T0);

        List<InboxEvent> first = inbox.claim(10, T0, LEASE);
        assertThat(first).extracting(InboxEvent::key).containsExactly(key(1), key(3));
        assertThat(first.get(0).attempts()).isEqualTo(1);
        assertThat(first.get(0).leaseToken()).isNotEmpty();
        assertThat(claimedKeys(10, T0)).as("a is held by key 1, b is leased").isEmpty();

        assertThat(inbox.applied(first.get(0), T0)).isTrue();
        assertThat(claimedKeys(10, T0)).containsExactly(key(2));
        assertThat(inbox.offer(key(1), "<xml/>", List.of("user:a"), T0)).as("applied: still known")
                .isEqualTo(Offer.DUPLICATE);
    }

    @Test
    void aRenameWaitsForAndHoldsBackEventsOfBothUserids() {
        inbox.offer(key(1), "<xml/>", List.of("user:new"), T0);
        inbox.offer(key(2), "<xml/>", List.of("user:old", "user:new"), T0);
        inbox.offer(key(3), "<xml/>", List.of("user:old"), T0);

        List<InboxEvent> first = inbox.claim(10, T0, LEASE);
        assertThat(first).extracting(InboxEvent::key).containsExactly(key(1));
        inbox.applied(first.get(0), T0);
        List<InboxEvent> second = inbox.claim(10, T0, LEASE);
        assertThat(second).extracting(InboxEvent::key).containsExactly(key(2));
        inbox.applied(second.get(0), T0);
        assertThat(claimedKeys(10, T0)).containsExactly(key(3));
    }

    @Test
    void aFailedEventIsDueAgainAtItsNextAttemptAndKeepsItsError() {
        inbox.offer(key(1), "<xml/>", List.of("user:a"), T0);
        InboxEvent e = inbox.claim(1, T0, LEASE).get(0);
        assertThat(inbox.failed(e, "WeComApiException: errcode 45009", T0.plusSeconds(10), false)).isTrue();

        assertThat(claimedKeys(1, T0.plusSeconds(9))).isEmpty();
        InboxEvent again = inbox.claim(1, T0.plusSeconds(10), LEASE).get(0);
        assertThat(again.attempts()).isEqualTo(2);
        assertThat(again.lastError()).isEqualTo("WeComApiException: errcode 45009");
        assertThat(inbox.applied(e, T0)).as("the first lease is over").isFalse();
    }

    @Test
    void anExpiredLeaseIsClaimedAgainAndTheOldHolderCanNoLongerFinish() {
        inbox.offer(key(1), "<xml/>", List.of(), T0);
        InboxEvent first = inbox.claim(1, T0, LEASE).get(0);
        assertThat(claimedKeys(1, T0.plusSeconds(59))).isEmpty();
        assertThat(inbox.renew(first, T0.plusSeconds(90))).isTrue();
        assertThat(claimedKeys(1, T0.plusSeconds(89))).isEmpty();

        InboxEvent second = inbox.claim(1, T0.plusSeconds(91), LEASE).get(0);
        assertThat(second.attempts()).isEqualTo(2);
        assertThat(inbox.applied(first, T0.plusSeconds(92))).isFalse();
        assertThat(inbox.renew(first, T0.plusSeconds(200))).isFalse();
        assertThat(inbox.applied(second, T0.plusSeconds(92))).isTrue();
    }

    @Test
    void parkedEventsAreListedDoNotBlockTheirRecordAndCanBeRetried() {
        inbox.offer(key(1), "<xml/>", List.of("user:a"), T0);
        inbox.offer(key(2), "<xml/>", List.of("user:a"), T0.plusSeconds(1));
        InboxEvent e = inbox.claim(1, T0, LEASE).get(0);
        inbox.failed(e, "boom", T0, true);

        assertThat(inbox.parked(10)).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo(key(1));
            assertThat(p.lastError()).isEqualTo("boom");
        });
        assertThat(inbox.backlog()).isEqualTo(new EventInbox.Backlog(1, 1, Optional.of(T0.plusSeconds(1))));
        assertThat(claimedKeys(10, T0.plusSeconds(1))).containsExactly(key(2));
        assertThat(inbox.retry(key(2), T0)).as("not parked").isFalse();
        assertThat(inbox.retryParked(T0.plusSeconds(5))).isEqualTo(1);
        assertThat(inbox.parked(10)).isEmpty();
    }

    @Test
    void retriedParkedEventStartsItsAttemptsAgain() {
        inbox.offer(key(1), "<xml/>", List.of(), T0);
        InboxEvent e = inbox.claim(1, T0, LEASE).get(0);
        inbox.failed(e, "boom", T0, true);
        assertThat(inbox.retry(key(1), T0)).isTrue();
        assertThat(inbox.claim(1, T0, LEASE).get(0).attempts()).isEqualTo(1);
    }

    @Test
    void purgeForgetsAppliedEventsAfterTheRetention() {
        inbox.offer(key(1), "<xml/>", List.of(), T0);
        inbox.applied(inbox.claim(1, T0, LEASE).get(0), T0);
        assertThat(inbox.purge(T0.plus(Duration.ofMinutes(59)))).isZero();
        assertThat(inbox.offer(key(1), "<xml/>", List.of(), T0)).isEqualTo(Offer.DUPLICATE);
        assertThat(inbox.purge(T0.plus(Duration.ofMinutes(61)))).isEqualTo(1);
        assertThat(inbox.offer(key(1), "<xml/>", List.of(), T0)).isEqualTo(Offer.STORED);
    }
}
