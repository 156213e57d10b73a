package dev.wecomsync.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import mockwebserver3.MockResponse;
import okhttp3.OkHttpClient;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RetryTest {

    static final String OK = "{\"errcode\":0,\"errmsg\":\"ok\",\"department_id\":[{\"id\":1,\"parentid\":0,\"order\":1}]}";

    ClientFixture fixture;
    WeComClient client;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new ClientFixture();
        client = fixture.client();
        fixture.enqueueToken();
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void systemBusyIsRetriedWithExponentialBackoff() {
        fixture.enqueueError(-1, "system busy");
        fixture.enqueueError(-1, "system busy");
        fixture.enqueue(OK);

        assertThat(client.departments().simpleList()).hasSize(1);

        assertThat(fixture.sleeper.sleeps).containsExactly(Duration.ofMillis(500), Duration.ofMillis(1000));
    }

    @Test
    void frequencyLimitWaitsInTheMinuteRange() {
        fixture.enqueueError(45009, "api freq out of limit");
        fixture.enqueue(OK);

        assertThat(client.departments().simpleList()).hasSize(1);

        assertThat(fixture.sleeper.sleeps).containsExactly(Duration.ofSeconds(60));
    }

    @Test
    void concurrencyLimitIsRetried() {
        fixture.enqueueError(45033, "api concurrent out of limit");
        fixture.enqueue(OK);

        assertThat(client.departments().simpleList()).hasSize(1);
        assertThat(fixture.sleeper.sleeps).hasSize(1);
    }

    @Test
    void badGatewayIsRetried() {
        fixture.server.enqueue(new MockResponse.Builder().code(502).body("<html>502 Bad Gateway</html>").build());
        fixture.enqueue(OK);

        assertThat(client.departments().simpleList()).hasSize(1);
        assertThat(fixture.sleeper.sleeps).hasSize(1);
    }

    @Test
    void droppedConnectionIsRetried() {
        // OkHttp would silently retry a dropped connection once itself; switch that off to see ours.
        WeComClient client = fixture.builder()
                .okHttpClient(new OkHttpClient.Builder().retryOnConnectionFailure(false).build())
                .build();
        fixture.server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build());
        fixture.enqueue(OK);

        assertThat(client.departments().simpleList()).hasSize(1);
        assertThat(fixture.sleeper.sleeps).hasSize(1);
    }

    @Test
    void retriesAreBoundedByMaxAttempts() {
        for (int i = 0; i < 5; i++) {
            fixture.server.enqueue(new MockResponse.Builder().code(503).body("busy").build());
        }

        assertThatThrownBy(() -> client.departments().simpleList())
                .isInstanceOfSatisfying(WeComIoException.class, e -> {
                    assertThat(e.api()).isEqualTo("department/simplelist");
                    assertThat(e.httpStatus()).hasValue(503);
                })
                .hasMessageContaining("HTTP 503");
        assertThat(fixture.server.getRequestCount()).isEqualTo(1 + 4); // gettoken + maxAttempts
        assertThat(fixture.sleeper.sleeps).containsExactly(
                Duration.ofMillis(500), Duration.ofMillis(1000), Duration.ofMillis(2000));
    }

    @Test
    void droppedConnectionsAreBoundedToo() {
        for (int i = 0; i < 6; i++) {
            fixture.server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build());
        }

        assertThatThrownBy(() -> client.departments().simpleList())
                .isInstanceOfSatisfying(WeComIoException.class, e -> {
                    assertThat(e.api()).isEqualTo("department/simplelist");
                    assertThat(e.httpStatus()).isEmpty();
                    assertThat(e.getCause()).isInstanceOf(java.io.IOException.class);
                });
        assertThat(fixture.sleeper.sleeps).hasSize(3);
    }

    @Test
    void totalBudgetEndsRetriesEarly() {
        WeComClient budgeted = fixture.builder()
                .retryPolicy(RetryPolicy.builder().maxAttempts(10).totalBudget(Duration.ofSeconds(90)).build())
                .build();
        for (int i = 0; i < 5; i++) {
            fixture.enqueueError(45009, "api freq out of limit");
        }

        assertThatThrownBy(() -> budgeted.departments().simpleList())
                .isInstanceOfSatisfying(WeComApiException.class, e -> assertThat(e.errcode()).isEqualTo(45009));
        assertThat(fixture.sleeper.sleeps).containsExactly(Duration.ofSeconds(60)); // a second wait would pass 90 s
    }

    @Test
    void jitterSpreadsTheWait() {
        WeComClient jittery = fixture.builder().random(() -> 0.0).build(); // lowest jitter: -20%
        fixture.enqueueError(-1, "system busy");
        fixture.enqueue(OK);

        jittery.departments().simpleList();

        assertThat(fixture.sleeper.sleeps).containsExactly(Duration.ofMillis(400));
    }

    @Test
    void configurationErrorsAreNeverRetried() {
        fixture.enqueueError(40001, "invalid credential");

        assertThatThrownBy(() -> client.departments().simpleList()).isInstanceOf(WeComApiException.class);
        assertThat(fixture.sleeper.sleeps).isEmpty();
        assertThat(fixture.server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void untrustedIpIsNotRetriedAndTheHintNamesTheIp() {
        fixture.enqueueError(60020, "not allow to access from your ip, hint: [1700000000_4_x], from ip: 203.0.113.7, more info at https://open.work.weixin.qq.com/devtool/query?e=60020");

        assertThatThrownBy(() -> client.users().list(1))
                .isInstanceOfSatisfying(WeComApiException.class, e -> {
                    assertThat(e.errcode()).isEqualTo(60020);
                    assertThat(e.callerIp()).contains("203.0.113.7");
                    assertThat(e.hint()).hasValueSatisfying(h -> assertThat(h)
                            .contains("203.0.113.7").contains("Trusted IP").contains("about a minute"));
                    assertThat(e.getMessage()).contains("user/list").contains("60020").contains("203.0.113.7");
                });
        assertThat(fixture.sleeper.sleeps).isEmpty();
        assertThat(fixture.server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void noRetryPolicyMakesOneAttempt() {
        WeComClient once = fixture.builder().retryPolicy(RetryPolicy.none()).build();
        fixture.enqueueError(-1, "system busy");

        assertThatThrownBy(() -> once.departments().simpleList()).isInstanceOf(WeComApiException.class);
        assertThat(fixture.sleeper.sleeps).isEmpty();
    }

    @Test
    void interruptedWaitRestoresTheInterruptFlag() {
        WeComClient interrupting = fixture.builder().sleeper(duration -> {
            throw new InterruptedException();
        }).build();
        fixture.enqueueError(-1, "system busy");
        try {
            assertThatThrownBy(() -> interrupting.departments().simpleList())
                    .isInstanceOfSatisfying(WeComIoException.class, e -> {
                        assertThat(e.getCause()).isInstanceOf(InterruptedException.class);
                        assertThat(e.api()).isEqualTo("department/simplelist");
                    });
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void interruptedCallIsNotRetriedAndKeepsTheFlag() {
        client.accessToken();
        fixture.enqueue(OK);
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> client.departments().simpleList())
                    .isInstanceOfSatisfying(WeComIoException.class, e -> {
                        assertThat(e.api()).isEqualTo("department/simplelist");
                        assertThat(e.httpStatus()).isEmpty();
                    })
                    .hasMessageContaining("interrupted");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(fixture.sleeper.sleeps).isEmpty();
    }
}
