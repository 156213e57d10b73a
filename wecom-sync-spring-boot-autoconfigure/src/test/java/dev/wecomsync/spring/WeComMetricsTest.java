package dev.wecomsync.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wecomsync.callback.CallbackResponse;
import dev.wecomsync.callback.InboxStats;
import dev.wecomsync.callback.UnknownEvent;
import dev.wecomsync.client.WeComApiException;
import dev.wecomsync.client.WeComIoException;
import dev.wecomsync.micrometer.WeComMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The meters without Spring: a MeterBinder a plain application registers itself. */
class WeComMetricsTest {

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final WeComMetrics metrics = new WeComMetrics();

    WeComMetricsTest() {
        metrics.bindTo(registry);
    }

    @Test
    void callsAreTimedByApiAndOutcome() {
        metrics.callListener().onCall("user/get", Duration.ofMillis(20), Optional.empty());
        metrics.callListener().onCall("user/get", Duration.ofMillis(30),
                Optional.of(new WeComApiException("user/get", 60111, "userid not found")));
        metrics.callListener().onCall("gettoken", Duration.ofMillis(5),
                Optional.of(new WeComIoException("gettoken", -1, "gettoken: connection reset", null)));

        assertThat(registry.get("wecom.api.calls").tags("api", "user/get", "outcome", "ok", "errcode", "0").timer()
                .totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(20.0);
        assertThat(registry.get("wecom.api.calls").tags("outcome", "api_error", "errcode", "60111").timer().count())
                .isEqualTo(1);
        assertThat(registry.get("wecom.api.calls").tags("api", "gettoken", "outcome", "io_error", "errcode", "none")
                .timer().count()).isEqualTo(1);
    }

    @Test
    void answersAndInboxOutcomesAreCounted() {
        metrics.recordAnswer("POST", new CallbackResponse(403, "forbidden", CallbackResponse.TEXT_PLAIN));
        metrics.recordAnswer("POST", new CallbackResponse(200, "", CallbackResponse.TEXT_PLAIN));
        metrics.inboxListener().onParked(new UnknownEvent("ww1", java.time.Instant.EPOCH, "<xml/>", "event", "odd", ""), null,
                new IllegalStateException());

        assertThat(registry.get("wecom.callback.events").tags("type", "request", "outcome", "refused").counter()
                .count()).isEqualTo(1);
        assertThat(registry.get("wecom.callback.events").tags("type", "request", "outcome", "accepted").counter()
                .count()).isEqualTo(1);
        assertThat(registry.get("wecom.callback.events").tags("type", "unknown_event", "outcome", "parked").counter()
                .count()).isEqualTo(1);
    }

    @Test
    void theInboxGaugesReadTheWatchedInbox() {
        assertThat(registry.get("wecom.inbox.depth").gauge().value()).isZero();

        metrics.watchInbox(() -> Optional.of(new InboxStats(7, 2, Duration.ofSeconds(3), 0, 0, 0)));

        assertThat(registry.get("wecom.inbox.depth").gauge().value()).isEqualTo(7.0);
        assertThat(registry.get("wecom.inbox.parked").gauge().value()).isEqualTo(2.0);
    }

    @Test
    void aFailedRunIsTimedAsError() {
        metrics.recordRunFailure(Duration.ofSeconds(2));

        assertThat(registry.get("wecom.sync.runs").tags("outcome", "error", "plan", "none").timer().count())
                .isEqualTo(1);
    }
}
