package dev.wecomsync.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wecomsync.callback.CallbackHandler;
import dev.wecomsync.testkit.CallbackSender;
import dev.wecomsync.testkit.Delivery;
import dev.wecomsync.testkit.EventForm;
import dev.wecomsync.testkit.Org;
import dev.wecomsync.testkit.SimUser;
import dev.wecomsync.testkit.UrlVerification;
import dev.wecomsync.testkit.WeComSimulator;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The starter in a real application on a random port: the simulator is WeCom, its CallbackSender
 * posts over HTTP to the application's own servlet container.
 */
@SpringBootTest(classes = TestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "wecom.secret=app-secret",
        "wecom.callback.token=CallbackToken42",
        "wecom.callback.encoding-aes-key=" + StarterApplicationTest.KEY,
        "wecom.callback.max-body-bytes=4096",
        "wecom.sync.initial-delay=0s",
        "wecom.sync.failures-until-down=1",
        "wecom.endpoint.write-enabled=true",
        "management.endpoints.web.exposure.include=health,wecomsync",
        "management.endpoint.health.show-details=always"})
class StarterApplicationTest {

    static final String KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    static final WeComSimulator SIM = WeComSimulator.builder().org(Org.generate(40, 6, 7)).build();

    static {
        SIM.addAppSecret("app-secret");
    }

    @DynamicPropertySource
    static void wecom(DynamicPropertyRegistry registry) {
        registry.add("wecom.corp-id", SIM::corpId);
        registry.add("wecom.base-url", SIM::baseUrl);
    }

    @AfterAll
    static void closeSimulator() {
        SIM.close();
    }

    @Value("${local.server.port}")
    int port;

    @Autowired
    RecordingTarget target;

    @Autowired
    WeComReconciler reconciler;

    @Autowired
    CallbackHandler handler;

    @Autowired
    MeterRegistry meters;

    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void initialReconcileDone() {
        Poll.until("the initial reconcile", () -> reconciler.lastRun().isPresent());
    }

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theInitialReconcileFillsTheTarget() {
        assertThat(reconciler.lastReport()).get().satisfies(r -> assertThat(r.succeeded()).isTrue());
        assertThat(target.users.keySet()).containsAll(SIM.org().users().stream().map(SimUser::userId).toList());
        assertThat(target.departments).hasSize(SIM.org().departmentCount());
    }

    @Test
    void urlVerificationAnswersTheEchostr() {
        try (CallbackSender sender = SIM.callbacks(url("/wecom/callback"), "CallbackToken42", KEY)) {
            UrlVerification check = sender.verifyUrl();

            assertThat(check.status()).isEqualTo(200);
            assertThat(check.body()).isEqualTo(check.expectedBody());
        }
    }

    @Test
    void eventsReachTheApplicationsTarget() {
        try (CallbackSender sender = SIM.callbacks(url("/wecom/callback"), "CallbackToken42", KEY)) {
            sender.emitChanges(EventForm.SKELETON);
            SIM.org().addUser(SimUser.of("spring-newcomer", "新同事", Org.ROOT_ID));
            Delivery delivery = sender.lastDelivery();

            assertThat(delivery.accepted()).isTrue();
            Poll.until("the event applied", () -> target.users.containsKey("spring-newcomer"));
            assertThat(target.users.get("spring-newcomer").name()).isEqualTo("新同事");
            Poll.until("the applied event counted", () -> meters.find("wecom.callback.events")
                    .tags("type", "user_created", "outcome", "applied").counter() != null);
        }
    }

    @Test
    void aBodyOverTheLimitIs413() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url("/wecom/callback?msg_signature=a"
                + "&timestamp=1&nonce=n"))).POST(HttpRequest.BodyPublishers.ofString("x".repeat(5000))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(413);

        byte[] big = "y".repeat(5000).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        HttpResponse<String> chunked = http.send(HttpRequest.newBuilder(URI.create(url("/wecom/callback?msg_signature=a"
                + "&timestamp=1&nonce=n"))).POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(big))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).as("a chunked body, no Content-Length").isEqualTo(413);
    }

    @Test
    void healthGoesDownWhenWeComFailsEveryCallAndUpAfter() throws Exception {
        assertThat(get("/actuator/health/wecomSync").statusCode()).isEqualTo(200);

        SIM.failNext(WeComSimulator.ALL_APIS, 100_000, 60020);
        try {
            reconciler.runNow();
        } finally {
            SIM.clearFaults();
        }
        HttpResponse<String> down = get("/actuator/health/wecomSync");
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.body()).contains("\"DOWN\"").contains("failuresInARow");

        reconciler.runNow();
        HttpResponse<String> up = get("/actuator/health/wecomSync");
        assertThat(up.statusCode()).isEqualTo(200);
        assertThat(up.body()).contains("\"UP\"").contains("\"lastSync\":\"success\"");
        assertThat(meters.find("wecom.api.calls").tags("outcome", "api_error", "errcode", "60020").timer())
                .isNotNull();
    }

    @Test
    void theMetersExistWithBoundedTags() {
        try (CallbackSender sender = SIM.callbacks(url("/wecom/callback"), "CallbackToken42", KEY)) {
            assertThat(sender.verifyUrl().passed()).isTrue();
        }
        assertThat(meters.find("wecom.sync.runs").tags("outcome", "success", "plan", "list_per_department").timer())
                .isNotNull().satisfies(t -> assertThat(t.count()).isPositive());
        assertThat(meters.find("wecom.sync.records").tags("kind", "user", "change", "created").counter())
                .isNotNull().satisfies(c -> assertThat(c.count()).isGreaterThanOrEqualTo(40));
        assertThat(meters.find("wecom.api.calls").tags("api", "department/list", "outcome", "ok", "errcode", "0")
                .timer()).isNotNull();
        assertThat(meters.find("wecom.callback.events").tags("type", "request", "outcome", "verified").counter())
                .isNotNull();
        assertThat(meters.find("wecom.inbox.depth").gauge()).isNotNull();
        assertThat(meters.find("wecom.api.calls").meters()).allSatisfy(m ->
                assertThat(m.getId().getTags()).extracting(t -> t.getKey()).containsOnly("api", "outcome", "errcode"));
    }

    @Test
    void theEndpointShowsTheLastReportAndTheInbox() throws Exception {
        HttpResponse<String> r = get("/actuator/wecomsync");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"lastReport\"").contains("\"plan\":\"LIST_PER_DEPARTMENT\"")
                .contains("\"inbox\"").contains("\"depth\"").doesNotContain(KEY).doesNotContain("app-secret");
    }

    @Test
    void theEndpointListsPendingDeletionsAndMapsTheApproveOperation() throws Exception {
        assertThat(get("/actuator/wecomsync").body()).contains("\"pendingDeletions\":{\"count\":0");

        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url("/actuator/wecomsync/deletions")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"keys\":\"user:never-there\"}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("not pending").contains("user:never-there");
    }

    @Test
    void theWriteOperationRunsAFullSyncWhenEnabled() throws Exception {
        String before = reconciler.lastReport().orElseThrow().runId();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url("/actuator/wecomsync")))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"runId\"");
        assertThat(reconciler.lastReport().orElseThrow().runId()).isNotEqualTo(before);
    }
}
