package dev.wecomsync.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Runs every case of {@code known-answer-vectors.txt} and reports all failures at once. */
class KnownAnswerTest {

    @Test
    void everyVectorGivesItsExpectedResult() throws IOException {
        List<Map<String, String>> cases = load();
        List<String> failures = new ArrayList<>();
        for (Map<String, String> c : cases) {
            String failure = run(c);
            if (failure != null) {
                failures.add(c.get("id") + " (" + c.get("comment") + "): " + failure);
            }
        }
        assertThat(cases).hasSizeGreaterThanOrEqualTo(10);
        assertThat(failures).as("failed known-answer cases").isEmpty();
    }

    private static String run(Map<String, String> c) {
        String expect = c.get("expect");
        String actual;
        try {
            // The vectors are WeCom's 2014 samples: old by design, so no replay window.
            CallbackCrypto crypto = CallbackCrypto.of(c.get("token"), c.get("key"), c.get("receiveId"))
                    .withoutReplayWindow();
            actual = switch (c.get("op")) {
                case "verifyUrl" -> crypto.verifyUrl(c.get("msg_signature"), c.get("timestamp"), c.get("nonce"), c.get("input"));
                case "decrypt" -> crypto.decrypt(c.get("msg_signature"), c.get("timestamp"), c.get("nonce"), c.get("input"));
                default -> throw new IllegalArgumentException("unknown op " + c.get("op"));
            };
        } catch (CallbackCryptoException e) {
            return expect.equals(e.reason().name()) ? null : "expected " + expect + " but failed with " + e.reason();
        } catch (RuntimeException e) {
            return "unchecked exception " + e;
        }
        if (!expect.equals("valid")) {
            return "expected " + expect + " but it decrypted";
        }
        return actual.equals(c.get("plaintext")) ? null : "plaintext differs: " + actual;
    }

    static List<Map<String, String>> load() throws IOException {
        String text;
        try (InputStream in = KnownAnswerTest.class.getResourceAsStream("/known-answer-vectors.txt")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Map<String, String>> cases = new ArrayList<>();
        Map<String, String> current = new LinkedHashMap<>();
        for (String line : (text + "\n\n").split("\n", -1)) {
            if (line.startsWith("#")) {
                continue;
            }
            if (line.isBlank()) {
                if (!current.isEmpty()) {
                    cases.add(current);
                    current = new LinkedHashMap<>();
                }
                continue;
            }
            int eq = line.indexOf(" = ");
            current.put(line.substring(0, eq), line.substring(eq + 3).replace("\\n", "\n"));
        }
        return cases;
    }

    static Map<String, String> vector(String id) throws IOException {
        return load().stream().filter(c -> c.get("id").equals(id)).findFirst().orElseThrow();
    }
}
