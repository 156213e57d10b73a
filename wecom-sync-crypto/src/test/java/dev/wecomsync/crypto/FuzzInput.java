package dev.wecomsync.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;

/**
 * What the fuzz tests share: the key their seeds were made with, how an input splits into
 * fields, and the time budget of one input.
 *
 * <p>An input is UTF-8 text whose first {@code n - 1} lines are fields and whose rest, newlines
 * and all, is the last one; missing fields are empty. A signature field of {@code *} means
 * "sign it with the fuzz key", so that mutations can get past the signature check.
 */
final class FuzzInput {
    static final String TOKEN = "FuzzT0ken";
    static final String KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    static final String CORP = "ww0123456789abcdef";
    /** When the seeds were signed; the fuzzed crypto's clock stands still there. */
    static final Instant SEEDED_AT = Instant.parse("2026-01-01T00:00:00Z");
    static final CallbackCrypto CRYPTO = CallbackCrypto.of(TOKEN, KEY, CORP)
            .withMaxAge(CallbackCrypto.DEFAULT_MAX_AGE, Clock.fixed(SEEDED_AT, ZoneOffset.UTC));
    /** The property's limit on one input: CPU time of the calling thread, in nanoseconds. */
    static final long BUDGET_NANOS = 100_000_000L;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final ClassLoadingMXBean CLASSES = ManagementFactory.getClassLoadingMXBean();

    private FuzzInput() {}

    static String[] fields(byte[] input, int n) {
        String[] fields = new String(input, StandardCharsets.UTF_8).split("\n", n);
        String[] padded = Arrays.copyOf(fields, n);
        Arrays.setAll(padded, i -> padded[i] == null ? "" : padded[i]);
        return padded;
    }

    /** {@code signature}, or the fuzz key's signature over the other three when it is {@code *}. */
    static String signature(String signature, String timestamp, String nonce, String encrypt) {
        return signature.equals("*") ? CRYPTO.signature(timestamp, nonce, encrypt) : signature;
    }

    /**
     * What {@code call} returned, or the {@link CallbackCryptoException} it threw; any other
     * throwable propagates. Fails when the call took more than the budget of CPU time.
     */
    static Object outcome(Call call) {
        long loaded = CLASSES.getTotalLoadedClassCount();
        long start = THREADS.getCurrentThreadCpuTime();
        Object result = attempt(call);
        long spent = THREADS.getCurrentThreadCpuTime() - start;
        if (spent > BUDGET_NANOS && CLASSES.getTotalLoadedClassCount() != loaded) {
            // Loading (and, while fuzzing, instrumenting) classes was charged to this call: again, warm.
            start = THREADS.getCurrentThreadCpuTime();
            result = attempt(call);
            spent = THREADS.getCurrentThreadCpuTime() - start;
        }
        if (spent > BUDGET_NANOS) {
            throw new AssertionError("one input took " + spent / 1_000_000 + " ms of CPU time, over 100 ms");
        }
        return result;
    }

    private static Object attempt(Call call) {
        try {
            return call.run();
        } catch (CallbackCryptoException e) {
            return e;
        }
    }

    /** Checks that {@code outcome} is a documented one: a plaintext, or a refusal that names its reason. */
    static void assertDocumented(Object outcome) {
        if (outcome instanceof String) return;
        CallbackCryptoException e = (CallbackCryptoException) outcome;
        assertThat(e.reason()).isNotNull();
        assertThat(e.getMessage()).doesNotContain(TOKEN).doesNotContain(KEY);
    }

    interface Call {
        String run() throws CallbackCryptoException;
    }
}
