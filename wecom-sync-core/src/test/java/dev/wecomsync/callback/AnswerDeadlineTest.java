package dev.wecomsync.callback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wecomsync.client.WeComClient;
import dev.wecomsync.crypto.CallbackCrypto;
import dev.wecomsync.sync.WeComSync;
import dev.wecomsync.testkit.CallbackSender;
import dev.wecomsync.testkit.CallbackTransport;
import dev.wecomsync.testkit.Delivery;
import dev.wecomsync.testkit.EventForm;
import dev.wecomsync.testkit.Org;
import dev.wecomsync.testkit.SimUser;
import dev.wecomsync.testkit.WeComSimulator;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Without an inbox a request waits at most {@code answerWithin} for {@code sync::apply}, whatever
 * the client's retry policy makes it do (the default waits 60 s after a 45009).
 */
class AnswerDeadlineTest {
    private static final String TOKEN = "deadlineToken";
    private static final String KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

    private final WeComSimulator sim = WeComSimulator.builder().org(Org.generate(50, 5, 3)).seed(3).build();
    private final MapTarget target = new MapTarget();
    private final CountDownLatch applyEnded = new CountDownLatch(1);
    private CallbackHandler handler;
    private CallbackSender sender;

    @AfterEach
    void stop() {
        sender.close();
        handler.close();
        sim.close();
    }

    private void start(Duration answerWithin) {
        sim.addAppSecret("app");
        WeComClient client = WeComClient.builder().corpId(sim.corpId()).secret("app").baseUrl(sim.baseUrl()).build();
        WeComSync sync = WeComSync.builder().client(client).target(target).build();
        assertThat(sync.fullSync().succeeded()).isTrue();
        CallbackHandler.Builder builder = CallbackHandler.builder().crypto(CallbackCrypto.of(TOKEN, KEY, sim.corpId()))
                .onEvent(e -> {
                    try {
                        sync.apply(e);
                    } finally {
                        applyEnded.countDown();
                    }
                });
        handler = (answerWithin == null ? builder : builder.answerWithin(answerWithin)).build();
        CallbackTransport direct = (method, rawQuery, body) -> {
            CallbackResponse r = handler.handle(method, rawQuery, body);
            return new CallbackTransport.Reply(r.status(), r.body());
        };
        sender = sim.callbacks(direct, TOKEN, KEY);
        sender.emitChanges(EventForm.FULL);
    }

    /** Changes one user's position (one event) and returns how long the answer took. */
    private Duration changeAUser() {
        SimUser user = sim.org().users().get(7);
        long started = System.nanoTime();
        sim.org().updateUser(user.userId(), u -> u.withPosition("架构师"));
        return Duration.ofNanos(System.nanoTime() - started);
    }

    @Test
    void aRateLimitedReReadIsAnswered503WithinFourSeconds() {
        start(null);
        sim.failNext("user/get", 10, 45009);
        Duration took = changeAUser();
        assertThat(sender.lastDelivery().status()).isEqualTo(503);
        assertThat(sender.lastDelivery().responseBody()).isEqualTo("event still being handled; retry later");
        // It waited out the 4 s default; without a deadline the re-read's back-off would hold the answer far
        // longer (the upper bound is loose so that a loaded machine cannot fail it).
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(3_900)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void aBusyStormIsAnsweredWithinTheDeadline() {
        start(Duration.ofMillis(800));
        sim.busyRate(1.0);
        Duration took = changeAUser();
        assertThat(sender.lastDelivery().status()).isEqualTo(503);
        // Every call answers "system busy": without the 800 ms deadline the retries would go on for long.
        assertThat(took).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aSlowApiIsAnswered503AndTheRetryFindsTheBackgroundRunsOutcome() throws Exception {
        start(Duration.ofMillis(300));
        sim.latency(Duration.ofMillis(1_200));
        changeAUser();
        Delivery first = sender.lastDelivery();
        assertThat(first.status()).isEqualTo(503);
        // 503 while the listener still runs: the answer did not wait for it (each call takes 1.2 s).
        assertThat(applyEnded.getCount()).as("the listener is still running").isEqualTo(1);
        assertThat(sender.resend(first).status()).as("still running").isEqualTo(503);

        assertThat(applyEnded.await(30, TimeUnit.SECONDS)).isTrue();
        sim.clearFaults();
        Delivery retried = sender.resend(first);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (retried.status() == 503 && System.nanoTime() < deadline) {
            retried = sender.resend(first); // the run records its outcome just after the listener returned
        }
        assertThat(retried.status()).isEqualTo(200);
        assertThat(target.view()).isEqualTo(MapTarget.view(sim.org()));
    }
}
