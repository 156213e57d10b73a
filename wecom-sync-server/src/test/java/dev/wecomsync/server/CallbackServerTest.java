package dev.wecomsync.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.wecomsync.callback.CallbackHandler;
import dev.wecomsync.callback.ContactEvent;
import dev.wecomsync.callback.UserCreated;
import dev.wecomsync.callback.internal.EventParser;
import dev.wecomsync.server.Signer.Request;
import dev.wecomsync.testkit.UrlVerification;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link CallbackServer} with a real {@link CallbackHandler}, over a real socket, as WeCom would call it. */
class CallbackServerTest {
    private final Signer sender = new Signer();
    private final List<ContactEvent> delivered = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private CallbackServer server;

    @AfterEach
    void stop() {
        if (server != null) server.close();
        sender.close();
    }

    private CallbackServer start(CallbackHandler handler) {
        server = CallbackServer.start(new InetSocketAddress("127.0.0.1", 0), "/wecom/callback", handler);
        return server;
    }

    private CallbackHandler.Builder handler() {
        return CallbackHandler.builder().crypto(sender.crypto()).clock(Clock.systemUTC()).onEvent(delivered::add);
    }

    private HttpResponse<String> send(Request r) throws Exception {
        return send(r.method(), r.rawQuery(), r.body());
    }

    private HttpResponse<String> send(String method, String rawQuery, String body) throws Exception {
        URI uri = URI.create(server.uri() + "?" + rawQuery);
        HttpRequest.BodyPublisher publisher = body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(uri).method(method, publisher)
                .timeout(Duration.ofSeconds(10)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    void urlVerificationWithAPercentEncodedEchostrAsWeComSendsIt() throws Exception {
        start(handler().build());
        assertThat(server.port()).isPositive();
        UrlVerification v = sender.verification();
        for (int i = 0; i < 1000 && !(v.query().contains("%2B") && v.query().contains("%2F")); i++) {
            v = sender.verification(); // until the Base64 echostr holds a + and a / as well as its = padding
        }
        assertThat(v.query()).contains("%2B", "%2F", "%3D");
        HttpResponse<String> r = send("GET", v.query(), null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(v.expectedBody()); // exactly: no quotes, no newline
        assertThat(r.headers().firstValue("Content-Type")).contains("text/plain; charset=utf-8");
    }

    @Test
    void everyFixtureIsDeliveredAsItsEvent() throws Exception {
        start(handler().build());
        List<String> names = List.of("create_user", "update_user", "update_user_partial", "delete_user",
                "create_party", "update_party", "delete_party", "update_tag", "batch_job_result");
        for (String name : names) {
            HttpResponse<String> r = send(sender.event(fixture(name + ".xml")));
            assertThat(r.statusCode()).as(name).isEqualTo(200);
            assertThat(r.body()).isEmpty();
        }
        assertThat(delivered).extracting(e -> e.getClass().getSimpleName()).containsExactly(
                "UserCreated", "UserUpdated", "UserUpdated", "UserDeleted", "DepartmentCreated",
                "DepartmentUpdated", "DepartmentDeleted", "TagUpdated", "BatchJobFinished");
        for (int i = 0; i < names.size(); i++) {
            assertThat(delivered.get(i)).isEqualTo(EventParser.parse(fixture(names.get(i) + ".xml")));
        }
    }

    @Test
    void resentEventIsDeliveredOnce() throws Exception {
        start(handler().build());
        Request request = sender.event(Signer.createUser("u1"));
        for (int i = 0; i < 3; i++) assertThat(send(request).statusCode()).isEqualTo(200);
        assertThat(delivered).hasSize(1);
    }

    @Test
    void listenerFailureIs500AndTheResendIsDelivered() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        start(handler().onEvent(e -> {
            if (calls.incrementAndGet() == 1) throw new IllegalStateException("target unavailable");
            delivered.add(e);
        }).build());
        Request request = sender.event(Signer.createUser("u1"));
        assertThat(send(request).statusCode()).isEqualTo(500);
        assertThat(send(request).statusCode()).isEqualTo(200);
        assertThat(delivered).hasSize(1);
    }

    @Test
    void forgedSignatureAndStaleTimestampAreRefused() throws Exception {
        start(handler().build());
        Request good = sender.event(Signer.createUser("u1"));
        String forged = good.rawQuery().replaceFirst("msg_signature=.", "msg_signature=" +
                (good.rawQuery().charAt("msg_signature=".length()) == 'a' ? 'b' : 'a'));
        assertThat(send("POST", forged, good.body()).statusCode()).isEqualTo(403);
        try (Signer late = new Signer(Clock.offset(Clock.systemUTC(), Duration.ofSeconds(-600)))) {
            assertThat(send(late.event(Signer.createUser("u1"))).statusCode()).isEqualTo(403);
        }
        assertThat(delivered).isEmpty();
    }

    @Test
    void xxeAndBillionLaughsAreRefusedQuickly() throws Exception {
        start(handler().build());
        Request good = sender.event(Signer.createUser("u1"));
        String outer = "<!DOCTYPE xml [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>" + good.body();
        // Quickly: the parser refuses any DTD before reading it; the timeout only keeps an expanding
        // parser from hanging the build.
        List<HttpResponse<String>> answers = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> List.of(
                send("POST", good.rawQuery(), outer), send(sender.event(Hostile.xxe())),
                send(sender.event(Hostile.billionLaughs()))));
        HttpResponse<String> a = answers.get(0);
        HttpResponse<String> b = answers.get(1);
        HttpResponse<String> c = answers.get(2);
        assertThat(List.of(a.statusCode(), b.statusCode(), c.statusCode())).containsOnly(400);
        assertThat(a.body() + b.body() + c.body()).doesNotContain("root:");
        assertThat(delivered).isEmpty();
    }

    @Test
    void thousandConcurrentDistinctEventsFromSixteenThreadsAreEachDeliveredOnce() throws Exception {
        Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
        start(handler().onEvent(e -> counts.computeIfAbsent(((UserCreated) e).userId(), k -> new AtomicInteger())
                .incrementAndGet()).build());
        List<Request> requests = new ArrayList<>();
        for (int i = 0; i < 1000; i++) requests.add(sender.event(Signer.createUser("user" + i)));
        ExecutorService threads = Executors.newFixedThreadPool(16);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (Request r : requests) statuses.add(threads.submit(() -> send(r).statusCode()));
            // Every event a second time, concurrently, as a WeCom retry would: retried until 200.
            for (Request r : requests) statuses.add(threads.submit(() -> sendUntilAccepted(r)));
            for (Future<Integer> status : statuses) assertThat(status.get(60, TimeUnit.SECONDS)).isEqualTo(200);
        } finally {
            threads.shutdownNow();
        }
        assertThat(counts).hasSize(1000);
        assertThat(counts.values()).allSatisfy(n -> assertThat(n).hasValue(1));
    }

    private int sendUntilAccepted(Request r) throws Exception {
        for (int attempt = 0; attempt < 1000; attempt++) {
            int status = send(r).statusCode();
            if (status != 503) return status; // 503: the first delivery still holds the claim
            Thread.onSpinWait();
        }
        return 503;
    }

    @Test
    void asyncModeAnswers503WhenItsQueueIsFull() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        CountDownLatch proceed = new CountDownLatch(1);
        try {
            start(handler().async(executor, 1).onEvent(e -> {
                proceed.await();
                delivered.add(e);
            }).build());
            assertThat(send(sender.event(Signer.createUser("u1"))).statusCode()).isEqualTo(200);
            Request second = sender.event(Signer.createUser("u2"));
            assertThat(send(second).statusCode()).isEqualTo(503);
            proceed.countDown();
            executor.submit(() -> { }).get(10, TimeUnit.SECONDS);
            assertThat(send(second).statusCode()).isEqualTo(200);
            executor.submit(() -> { }).get(10, TimeUnit.SECONDS);
            assertThat(delivered).extracting(e -> ((UserCreated) e).userId()).containsExactly("u1", "u2");
        } finally {
            proceed.countDown();
            executor.shutdownNow();
        }
    }

    @Test
    void wrongMethodPathAndOversizedBody() throws Exception {
        start(handler().maxBodyBytes(2048).build());
        HttpResponse<String> put = send("PUT", "a=b", "x");
        assertThat(put.statusCode()).isEqualTo(405);
        assertThat(put.headers().firstValue("Allow")).contains("GET, POST");
        HttpRequest other = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/other"))
                .GET().build();
        assertThat(http.send(other, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        Request good = sender.event(Signer.createUser("u1"));
        assertThat(send("POST", good.rawQuery(), good.body() + " ".repeat(3000)).statusCode()).isEqualTo(413);
        assertThat(send(good).statusCode()).isEqualTo(200);
        assertThat(delivered).hasSize(1);
    }

    private static String fixture(String name) throws Exception {
        try (InputStream in = CallbackServerTest.class.getResourceAsStream("/events/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
