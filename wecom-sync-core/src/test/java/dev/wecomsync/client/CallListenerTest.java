package dev.wecomsync.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CallListenerTest {

    record Call(String api, Duration duration, Optional<WeComException> failure) {
    }

    ClientFixture fixture;
    final List<Call> calls = new ArrayList<>();
    WeComClient client;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new ClientFixture();
        client = fixture.builder().callListener((api, duration, failure) -> calls.add(new Call(api, duration, failure)))
                .build();
        fixture.enqueueToken();
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void hearsTheTokenFetchAndTheCallOnceWithItsRetriesInside() {
        fixture.enqueueError(-1, "system busy");
        fixture.enqueue(RetryTest.OK);

        client.departments().simpleList();

        assertThat(calls).extracting(Call::api).containsExactly("gettoken", "department/simplelist");
        assertThat(calls).allSatisfy(c -> {
            assertThat(c.failure()).isEmpty();
            assertThat(c.duration().isNegative()).isFalse();
        });
    }

    @Test
    void hearsTheFailureWithItsErrcodeAndNoSecret() {
        fixture.enqueueError(60011, "no privilege to access/modify contact/party/agent");

        assertThatThrownBy(() -> client.departments().simpleList()).isInstanceOf(WeComApiException.class);

        Call last = calls.get(calls.size() - 1);
        assertThat(last.api()).isEqualTo("department/simplelist");
        assertThat(last.failure()).get().isInstanceOfSatisfying(WeComApiException.class,
                e -> assertThat(e.errcode()).isEqualTo(60011));
        assertThat(calls.toString()).doesNotContain(ClientFixture.SECRET).doesNotContain(ClientFixture.TOKEN);
    }

    @Test
    void aListenerThatThrowsDoesNotFailTheCall() {
        WeComClient throwing = fixture.builder().callListener((api, duration, failure) -> {
            throw new IllegalStateException("listener broke");
        }).build();
        fixture.enqueue(RetryTest.OK);

        assertThat(throwing.departments().simpleList()).hasSize(1);
    }
}
