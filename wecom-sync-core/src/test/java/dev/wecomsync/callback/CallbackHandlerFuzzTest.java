package dev.wecomsync.callback;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.wecomsync.crypto.CallbackCrypto;
import dev.wecomsync.testkit.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link CallbackHandler#handle} on any request: it never throws, answers one of the statuses
 * its Javadoc documents for a listener that does not fail (200, 400, 403, 405, 413; never the
 * 500 of an unexpected exception) with a plain-text body, within 100 ms. Input: the method, the
 * raw query and the body, one per line (the body takes the rest; no third line is a null body).
 */
class CallbackHandlerFuzzTest {
    static final String TOKEN = "FuzzT0ken";
    static final String AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    static final String CORP_ID = "ww0123456789abcdef";
    /** When the seeds were signed; the handler's clock stands still there. */
    static final Instant SEEDED_AT = Instant.parse("2026-01-01T00:00:00Z");
    static final int MAX_BODY_BYTES = 64 * 1024;

    private static final Set<Integer> DOCUMENTED = Set.of(200, 400, 403, 405, 413);
    private static final CallbackHandler HANDLER = CallbackHandler.builder()
            .crypto(CallbackCrypto.of(TOKEN, AES_KEY, CORP_ID))
            .clock(new ManualClock(SEEDED_AT))
            .maxBodyBytes(MAX_BODY_BYTES)
            .onEvent(event -> assertThat(event.rawXml()).isNotNull())
            .build();

    @BeforeAll
    static void loadEveryPathBeforeTiming() {
        TestSender sender = new TestSender(CallbackCrypto.of(TOKEN, AES_KEY, CORP_ID), new ManualClock(SEEDED_AT));
        for (TestSender.Request r : new TestSender.Request[] {
            sender.event(TestSender.createUser("warm", 1)), sender.verify("1"), new TestSender.Request("POST", "", "x")}) {
            HANDLER.handle(r.method(), r.rawQuery(), r.body());
        }
    }

    @FuzzTest
    void handle(byte[] input) {
        String[] lines = new String(input, StandardCharsets.UTF_8).split("\n", 3);
        check(lines[0], lines.length > 1 ? lines[1] : "", lines.length > 2 ? lines[2] : null);
    }

    private static void check(String method, String rawQuery, String body) {
        CallbackResponse r = FuzzBudget.within(() -> HANDLER.handle(method, rawQuery, body));
        assertThat(DOCUMENTED).as("status").contains(r.status());
        assertThat(r.contentType()).isEqualTo(CallbackResponse.TEXT_PLAIN);
        if (r.status() != 200) assertThat(r.body()).hasSizeLessThan(100);
    }
}
