package dev.wecomsync.client;

import static dev.wecomsync.client.ClientFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client-side rate limiter and concurrency bound. */
class LimitsTest {

    static final String OK = "{\"errcode\":0,\"errmsg\":\"ok\",\"department_id\":[]}";

    ClientFixture fixture;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new ClientFixture();
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void rateLimiterWaitsOncePerApiBudgetIsSpent() {
        WeComClient client = fixture.builder().rateLimit(60).build(); // 1 a second, bursts of 6
        fixture.enqueueToken();
        for (int i = 0; i < 9; i++) {
            fixture.enqueue(OK);
        }

        for (int i = 0; i < 8; i++) {
            client.departments().simpleList();
        }
        assertThat(fixture.sleeper.sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));

        client.users().listIds(null, 1); // another API has its own budget
        assertThat(fixture.sleeper.sleeps).hasSize(2);
    }

    @Test
    void rateLimiterRefillsWithTime() {
        WeComClient client = fixture.builder().rateLimit(60).build();
        fixture.enqueueToken();
        for (int i = 0; i < 12; i++) {
            fixture.enqueue(OK);
        }
        for (int i = 0; i < 6; i++) {
            client.departments().simpleList();
        }

        fixture.clock.advance(Duration.ofSeconds(6));
        for (int i = 0; i < 6; i++) {
            client.departments().simpleList();
        }

        assertThat(fixture.sleeper.sleeps).isEmpty();
    }

    @Test
    void aCustomLimiterIsAskedBeforeEveryCallGettokenIncluded() {
        List<String> asked = java.util.Collections.synchronizedList(new ArrayList<>());
        WeComClient client = fixture.builder().rateLimiter(asked::add).build();
        fixture.enqueueToken();
        fixture.enqueue(OK);
        fixture.enqueue(OK);

        client.departments().simpleList();
        client.departments().simpleList();

        assertThat(asked).containsExactly("gettoken", "department/simplelist", "department/simplelist");
        assertThat(fixture.sleeper.sleeps).isEmpty();
    }

    @Test
    void anInterruptedLimiterFailsTheCallAndKeepsTheFlag() {
        WeComClient client = fixture.builder().rateLimiter(api -> {
            throw new InterruptedException();
        }).build();
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.departments().simpleList())
                    .isInstanceOf(WeComIoException.class).hasMessageContaining("interrupted");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void theInProcessLimiterAlsoHoldsAnHourlyLimit() throws Exception {
        RecordingSleeper sleeper = new RecordingSleeper(fixture.clock);
        RateLimiter limiter = new dev.wecomsync.client.internal.LocalRateLimiter(
                new RateLimiter.Limits(600, 600), fixture.clock, sleeper);
        for (int i = 0; i < 60; i++) {
            limiter.acquire("user/get"); // the minute's burst (60) and the hour's (60) both cover these
        }
        assertThat(sleeper.sleeps).isEmpty();
        limiter.acquire("user/get");
        // The minute's bucket refills one every 100 ms, the hour's one every 6 s: the hour decides.
        assertThat(sleeper.sleeps).containsExactly(Duration.ofSeconds(6));
    }

    @Test
    void limitsAreChecked() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RateLimiter.Limits(0, 10))
                .hasMessage("perMinute < 1: 0");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RateLimiter.Limits(100, 99))
                .hasMessage("perHour < perMinute: 99 < 100");
        assertThat(RateLimiter.Limits.perMinute(200_000).perHour()).isEqualTo(200_000);
        assertThat(RateLimiter.Limits.perMinute(60)).isEqualTo(new RateLimiter.Limits(60, 100_000));
    }

    @Test
    void concurrencyIsBounded() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        fixture.server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                if (request.getUrl().encodedPath().endsWith("gettoken")) {
                    return json("{\"errcode\":0,\"errmsg\":\"ok\",\"access_token\":\"T\",\"expires_in\":7200}");
                }
                int now = inFlight.incrementAndGet();
                maxInFlight.accumulateAndGet(now, Math::max);
                Thread.sleep(20); // server-side latency, so that calls overlap
                inFlight.decrementAndGet();
                return json(OK);
            }
        });
        WeComClient client = fixture.builder().maxConcurrency(2).build();
        client.accessToken();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                calls.add(pool.submit(() -> client.departments().simpleList()));
            }
            for (Future<?> call : calls) {
                call.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(maxInFlight.get()).isEqualTo(2);
    }
}
