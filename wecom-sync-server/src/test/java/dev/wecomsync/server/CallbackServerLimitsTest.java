package dev.wecomsync.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wecomsync.callback.CallbackHandler;
import dev.wecomsync.callback.ContactEvent;
import dev.wecomsync.server.RawHttp.Answer;
import dev.wecomsync.server.Signer.Request;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What {@link CallbackServer} answers to malformed, oversized, slow and surplus requests, and how it stops. */
class CallbackServerLimitsTest {
    private static final String PATH = "/wecom/callback";

    private final Signer sender = new Signer();
    private final List<ContactEvent> delivered = new CopyOnWriteArrayList<>();
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch proceed = new CountDownLatch(1);
    private CallbackServer server;

    @AfterEach
    void stop() {
        proceed.countDown();
        if (server != null) server.close();
        sender.close();
    }

    private CallbackServer.Builder server() {
        return CallbackServer.builder().address(new InetSocketAddress("127.0.0.1", 0)).path(PATH)
                .handler(CallbackHandler.builder().crypto(sender.crypto()).onEvent(delivered::add).build());
    }

    /** A server whose listener waits for {@link #proceed}, having counted down {@link #entered}. */
    private CallbackServer.Builder blockingServer() {
        return server().handler(CallbackHandler.builder().crypto(sender.crypto()).onEvent(e -> {
            entered.countDown();
            proceed.await();
            delivered.add(e);
        }).build());
    }

    private static String post(Request r, String headers, String body) {
        return "POST " + PATH + "?" + r.rawQuery() + " HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n" + body;
    }

    private static String post(Request r) {
        return post(r, "Content-Length: " + r.body().length() + "\r\n", r.body());
    }

    private Answer exchange(String request) throws IOException {
        try (RawHttp http = new RawHttp(server.port())) {
            return http.write(request).read();
        }
    }

    private static void assertShortText(Answer a, int status, String body) {
        assertThat(a.status()).isEqualTo(status);
        assertThat(a.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
        assertThat(a.body()).isEqualTo(body);
    }

    @Test
    void aPostEventIsDeliveredAndAnsweredWithAnEmpty200() throws Exception {
        server = server().start();
        Answer a = exchange(post(sender.event(Signer.createUser("u1"))));
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body()).isEmpty();
        assertThat(delivered).singleElement().extracting(e -> e.getClass().getSimpleName()).isEqualTo("UserCreated");
    }

    @Test
    void wrongPathIsAShortText404() throws Exception {
        server = server().start();
        assertShortText(exchange("GET /other?a=b HTTP/1.1\r\nHost: x\r\n\r\n"), 404, "not found");
        assertShortText(exchange("GET /wecom/callback/more HTTP/1.1\r\nHost: x\r\n\r\n"), 404, "not found");
    }

    @Test
    void badPercentEscapesAreAShortText400() throws Exception {
        server = server().start();
        assertShortText(exchange("GET " + PATH + "?msg_signature=%zz&timestamp=1&nonce=1&echostr=%4 HTTP/1.1\r\n"
                + "Host: x\r\n\r\n"), 400, "malformed request");
        assertShortText(exchange("GET /wecom/%zzcallback HTTP/1.1\r\nHost: x\r\n\r\n"), 400, "malformed request");
    }

    @Test
    void malformedHttpIsAShortText400() throws Exception {
        server = server().start();
        assertShortText(exchange("GARBAGE\r\n\r\n"), 400, "malformed request");
        assertShortText(exchange("GET " + PATH + " HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n"), 400,
                "malformed request");
        Answer huge = exchange("GET " + PATH + " HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n");
        assertShortText(huge, 431, "headers too large");
    }

    @Test
    void anotherMethodIsAShortText405() throws Exception {
        server = server().start();
        Answer a = exchange("DELETE " + PATH + "?a=b HTTP/1.1\r\nHost: x\r\n\r\n");
        assertShortText(a, 405, "use GET or POST");
        assertThat(a.header("Allow")).isEqualTo("GET, POST");
    }

    @Test
    void aDeclaredLengthOverTheLimitIs413BeforeTheBodyIsSent() throws Exception {
        server = server().maxBodyBytes(2048).start();
        Request r = sender.event(Signer.createUser("u1"));
        try (RawHttp http = new RawHttp(server.port())) {
            // Only the headers: the answer must come without a byte of the ten megabytes announced.
            http.write(post(r, "Content-Length: 10000000\r\n", ""));
            Answer a = http.read();
            assertShortText(a, 413, "body too large");
            assertThat(a.header("Connection")).isEqualTo("close");
        }
        assertThat(delivered).isEmpty();
    }

    @Test
    void aChunkedBodyStopsAtTheLimitWith413() throws Exception {
        server = server().maxBodyBytes(2048).start();
        Request r = sender.event(Signer.createUser("u1"));
        String chunk = "x".repeat(1000);
        String chunks = ("3e8\r\n" + chunk + "\r\n").repeat(3); // 3,000 bytes and no last chunk: never ends
        assertShortText(exchange(post(r, "Transfer-Encoding: chunked\r\n", chunks)), 413, "body too large");
        String body = r.body();
        String fits = Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n";
        assertThat(exchange(post(r, "Transfer-Encoding: chunked\r\n", fits)).status()).isEqualTo(200);
        assertThat(delivered).hasSize(1);
    }

    @Test
    void slowHeadersAreCutOffAtTheHeaderTimeoutThoughBytesKeepComing() throws Exception {
        server = server().headerTimeout(Duration.ofMillis(300)).idleTimeout(Duration.ofSeconds(20)).start();
        long start = System.nanoTime();
        try (RawHttp http = new RawHttp(server.port())) {
            http.write("GET " + PATH + "?a=b HTTP/1.1\r\nHost: x\r\n");
            CompletableFuture<Void> trickle = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < 100; i++) {
                        http.write("X");
                        TimeUnit.MILLISECONDS.sleep(50); // far within the idle timeout
                    }
                } catch (IOException | InterruptedException e) {
                    // the server closed the connection: what the test waits for
                }
            });
            Answer a = http.read();
            assertShortText(a, 408, "request timeout");
            assertThat(http.closedByServer()).isTrue();
            trickle.cancel(true);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(250), Duration.ofSeconds(4));
    }

    @Test
    void aKeptAliveConnectionHasTheHeaderTimeoutForItsNextRequestToo() throws Exception {
        server = server().headerTimeout(Duration.ofMillis(300)).idleTimeout(Duration.ofSeconds(20)).start();
        try (RawHttp http = new RawHttp(server.port())) {
            assertThat(http.write("GET /other HTTP/1.1\r\nHost: x\r\n\r\n").read().status()).isEqualTo(404);
            http.write("GET " + PATH + "?a=b HTTP/1.1\r\nHost: x\r\n"); // and never the blank line
            long start = System.nanoTime();
            assertShortText(http.read(), 408, "request timeout");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        }
    }

    @Test
    void aSilentConnectionIsClosedAtTheHeaderTimeout() throws Exception {
        server = server().headerTimeout(Duration.ofMillis(200)).idleTimeout(Duration.ofSeconds(20)).start();
        try (RawHttp http = new RawHttp(server.port())) {
            assertShortText(http.read(), 408, "request timeout");
        }
    }

    @Test
    void aSlowBodyIsCutOffAtTheBodyTimeout() throws Exception {
        server = server().bodyTimeout(Duration.ofMillis(300)).idleTimeout(Duration.ofSeconds(20)).start();
        Request r = sender.event(Signer.createUser("u1"));
        try (RawHttp http = new RawHttp(server.port())) {
            http.write(post(r, "Content-Length: " + r.body().length() + "\r\n", r.body().substring(0, 10)));
            assertShortText(http.read(), 408, "request timeout");
        }
        assertThat(exchange(post(r)).status()).isEqualTo(200); // the server itself is fine
    }

    @Test
    void aFullQueueAnswers503AtOnce() throws Exception {
        server = blockingServer().threads(1).queueSize(1).start();
        try (RawHttp first = new RawHttp(server.port()); RawHttp second = new RawHttp(server.port())) {
            first.write(post(sender.event(Signer.createUser("u1"))));
            assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
            second.write(post(sender.event(Signer.createUser("u2"))));
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (server.queuedRequests() < 1 && System.nanoTime() < until) Thread.onSpinWait();
            assertThat(server.queuedRequests()).isEqualTo(1);

            assertShortText(exchange(post(sender.event(Signer.createUser("u3")))), 503, "server busy");

            proceed.countDown();
            assertThat(first.read().status()).isEqualTo(200);
            assertThat(second.read().status()).isEqualTo(200);
        }
        assertThat(delivered).hasSize(2);
    }

    @Test
    void stopLetsAnInFlightRequestFinish() throws Exception {
        server = blockingServer().start();
        int port = server.port();
        try (RawHttp http = new RawHttp(port)) {
            http.write(post(sender.event(Signer.createUser("u1"))));
            assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> server.stop(Duration.ofSeconds(10)));
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (accepts(port) && System.nanoTime() < until) Thread.onSpinWait();
            assertThat(accepts(port)).as("still accepting connections while stopping").isFalse();
            assertThat(stopping).isNotDone();
            // Outlive the connections' shutdown idle timeout (50 ms): a request being handled is not idle.
            TimeUnit.MILLISECONDS.sleep(200);

            proceed.countDown();
            assertThat(http.read().status()).isEqualTo(200);
            stopping.get(5, TimeUnit.SECONDS);
        }
        assertThat(delivered).hasSize(1);
    }

    @Test
    void stopGivesUpOnARequestThatOutlivesTheTimeout() throws Exception {
        server = blockingServer().start();
        try (RawHttp http = new RawHttp(server.port())) {
            http.write(post(sender.event(Signer.createUser("u1"))));
            assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
            long start = System.nanoTime();
            server.stop(Duration.ofMillis(300));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void builderNamesWhatIsMissingOrWrong() {
        assertThatThrownBy(() -> CallbackServer.builder().path(PATH).start())
                .isInstanceOf(IllegalStateException.class).hasMessage("handler == null");
        assertThatThrownBy(() -> server().path("wecom").start())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("path must start with /: wecom");
        assertThatThrownBy(() -> CallbackServer.builder().headerTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("headerTimeout must be positive: PT0S");
        assertThatThrownBy(() -> CallbackServer.builder().queueSize(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("queueSize < 0: -1");
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (ConnectException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }
}
