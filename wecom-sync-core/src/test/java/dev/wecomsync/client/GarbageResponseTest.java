package dev.wecomsync.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bodies that are not WeCom's JSON fail with a WeComIoException naming the API, and are not retried. */
class GarbageResponseTest {

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
    void htmlErrorPage() {
        fixture.server.enqueue(new MockResponse.Builder()
                .addHeader("Content-Type", "text/html")
                .body("<!DOCTYPE html><html><body><h1>网关错误</h1></body></html>")
                .build());

        assertFailsNaming("user/get", () -> client.users().get("zhangsan"), "not JSON");
    }

    @Test
    void truncatedJson() {
        fixture.enqueue("{\"errcode\":0,\"errmsg\":\"ok\",\"userlist\":[{\"userid\":\"zhang");

        assertFailsNaming("user/list", () -> client.users().list(1), "not JSON");
    }

    @Test
    void emptyBody() {
        fixture.server.enqueue(new MockResponse.Builder().body("").build());

        assertFailsNaming("department/list", () -> client.departments().list(), "empty");
    }

    @Test
    void jsonWithoutErrcode() {
        fixture.enqueue("{\"department\":[]}");

        assertFailsNaming("department/list", () -> client.departments().list(), "errcode");
    }

    @Test
    void jsonArrayInsteadOfObject() {
        fixture.enqueue("[1, 2, 3]");

        assertFailsNaming("department/simplelist", () -> client.departments().simpleList(), "not a JSON object");
    }

    @Test
    void wrongShapeInsideValidJson() {
        fixture.enqueue("{\"errcode\":0,\"errmsg\":\"ok\",\"userlist\":{\"userid\":\"x\"}}");

        assertFailsNaming("user/simplelist", () -> client.users().simpleList(1), "expected an array");
    }

    @Test
    void garbageFromGettokenNamesGettoken() throws Exception {
        try (ClientFixture fresh = new ClientFixture()) {
            fresh.server.enqueue(new MockResponse.Builder().body("<html>login</html>").build());
            WeComClient freshClient = fresh.client();

            assertThatThrownBy(freshClient::accessToken)
                    .isInstanceOfSatisfying(WeComIoException.class, e -> assertThat(e.api()).isEqualTo("gettoken"))
                    .hasMessageStartingWith("gettoken: ");
        }
    }

    private void assertFailsNaming(String api, Runnable call, String detail) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(WeComIoException.class, e -> {
                    assertThat(e.api()).isEqualTo(api);
                    assertThat(e.httpStatus()).hasValue(200);
                })
                .hasMessageStartingWith(api + ": ")
                .hasMessageContaining(detail);
        assertThat(fixture.sleeper.sleeps).isEmpty();
        assertThat(fixture.server.getRequestCount()).isEqualTo(2);
    }
}
