package dev.wecomsync.client;

import dev.wecomsync.testkit.ManualClock;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/** A fresh MockWebServer and a client pointed at it, with a test clock and a recording sleeper. */
final class ClientFixture implements AutoCloseable {

    static final String CORP_ID = "ww0123456789abcdef";
    static final String SECRET = "S3cr3t-Vu1n-abcdefghijklmnopqrstuvwxyz01234";
    static final String TOKEN = "TOKEN-8f1c2e7d-accesstoken-value";

    final MockWebServer server = new MockWebServer();
    final ManualClock clock = ManualClock.start();
    final RecordingSleeper sleeper = new RecordingSleeper(clock);

    ClientFixture() throws Exception {
        server.setServerSocketFactory(new NoDelayServerSocketFactory());
        server.start();
    }

    /** A builder with jitter off, the test clock and sleeper, and the server's URL. */
    WeComClient.Builder builder() {
        return WeComClient.builder()
                .corpId(CORP_ID)
                .secret(SECRET)
                .baseUrl(server.url("/").toString())
                .clock(clock)
                .sleeper(sleeper)
                .random(() -> 0.5);
    }

    WeComClient client() {
        return builder().build();
    }

    void enqueue(String json) {
        server.enqueue(json(json));
    }

    void enqueueToken() {
        enqueueToken(TOKEN, 7200);
    }

    void enqueueToken(String token, long expiresIn) {
        enqueue("{\"errcode\":0,\"errmsg\":\"ok\",\"access_token\":\"" + token + "\",\"expires_in\":" + expiresIn + "}");
    }

    void enqueueError(int errcode, String errmsg) {
        enqueue("{\"errcode\":" + errcode + ",\"errmsg\":\"" + errmsg + "\"}");
    }

    static MockResponse json(String json) {
        return new MockResponse.Builder().addHeader("Content-Type", "application/json; charset=UTF-8").body(json).build();
    }

    RecordedRequest take() throws InterruptedException {
        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        if (request == null) {
            throw new AssertionError("no request arrived");
        }
        return request;
    }

    /** Takes the gettoken request and checks it. */
    RecordedRequest takeToken() throws InterruptedException {
        RecordedRequest request = take();
        if (!request.getUrl().encodedPath().equals("/cgi-bin/gettoken")) {
            throw new AssertionError("expected gettoken, got " + request.getUrl().encodedPath());
        }
        return request;
    }

    @Override
    public void close() {
        server.close();
    }
}
