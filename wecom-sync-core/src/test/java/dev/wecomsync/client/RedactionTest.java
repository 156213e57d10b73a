package dev.wecomsync.client;

import static dev.wecomsync.client.ClientFixture.SECRET;
import static dev.wecomsync.client.ClientFixture.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Neither the secret nor any token may reach a log line, an exception message or a toString(). */
class RedactionTest {

    ClientFixture fixture;
    CapturingLogger logger = new CapturingLogger();
    WeComClient client;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new ClientFixture();
        client = fixture.builder().logger(logger).build();
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void logsAndExceptionsNeverShowSecretOrToken() {
        List<Throwable> failures = new ArrayList<>();
        fixture.enqueueError(-1, "system busy");                                     // gettoken retried
        fixture.enqueueToken();
        fixture.enqueueError(42001, "access_token expired, access_token=" + TOKEN);  // WeCom echoing the token
        fixture.enqueueToken();
        fixture.enqueue("{\"errcode\":0,\"errmsg\":\"ok\",\"department\":[]}");
        client.departments().list();

        fixture.server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build());
        fixture.server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build());
        fixture.enqueueError(45033, "api concurrent out of limit");
        fixture.enqueueError(60020, "not allow to access from your ip, from ip: 203.0.113.7, secret=" + SECRET);
        failures.add(catchThrowable(() -> client.users().get("zhangsan")));

        fixture.server.enqueue(new MockResponse.Builder().code(500).body("token " + TOKEN).build());
        fixture.server.enqueue(new MockResponse.Builder().body("<html>" + TOKEN + " " + SECRET + "</html>").build());
        failures.add(catchThrowable(() -> client.users().list(1)));

        fixture.enqueueError(40014, "invalid access_token " + TOKEN);
        fixture.enqueueError(40001, "invalid credential " + SECRET);
        failures.add(catchThrowable(() -> client.users().simpleList(1)));

        assertThat(failures).allSatisfy(failure -> assertThat(failure).isInstanceOf(WeComException.class));
        String logs = logger.all();
        assertThat(logger.lines).anySatisfy(line -> assertThat(line).contains("user/get").contains("45033"));
        assertThat(logger.lines).anySatisfy(line -> assertThat(line).contains("department/list").contains("42001"));
        assertThat(logger.lines).anySatisfy(line -> assertThat(line).contains("gettoken"));
        assertThat(logs).doesNotContain(SECRET).doesNotContain(TOKEN).doesNotContain("access_token=" + TOKEN);
        for (Throwable failure : failures) {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain(SECRET).doesNotContain(TOKEN);
                assertThat(t.toString()).doesNotContain(SECRET).doesNotContain(TOKEN);
            }
        }
        assertThat(failures.get(0)).hasMessageContaining("user/get").hasMessageContaining("60020");
        assertThat(((WeComApiException) failures.get(0)).errmsg()).doesNotContain(SECRET);
        assertThat(((WeComApiException) failures.get(2)).errmsg()).doesNotContain(SECRET);
    }

    @Test
    void toStringsHideTheSecret() {
        fixture.enqueueToken();
        client.accessToken();

        assertThat(client.toString()).contains(ClientFixture.CORP_ID).doesNotContain(SECRET).doesNotContain(TOKEN);
        assertThat(fixture.builder().toString()).doesNotContain(SECRET);
        assertThat(client.departments().toString()).doesNotContain(SECRET);
        assertThat(client.users().toString()).doesNotContain(SECRET);
    }
}
