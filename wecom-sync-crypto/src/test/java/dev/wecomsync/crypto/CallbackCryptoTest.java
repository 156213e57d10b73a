package dev.wecomsync.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wecomsync.crypto.CallbackCryptoException.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class CallbackCryptoTest {

    static final String TOKEN = "QDG6eK";
    static final String KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";
    static final String CORP = "wx5823bf96d3bd56c7";
    static final String TS = "1409659813";
    static final String NONCE = "1372623149";
    /** The time of vector A's messages (2014-09-02), for replay windows around {@link #TS}. */
    static final Clock VECTOR_CLOCK = Clock.fixed(Instant.ofEpochSecond(Long.parseLong(TS)), ZoneOffset.UTC);

    private final CallbackCrypto crypto = CallbackCrypto.of(TOKEN, KEY, CORP)
            .withMaxAge(CallbackCrypto.DEFAULT_MAX_AGE, VECTOR_CLOCK);

    @Test
    void rejectsBadConstructionArgumentsWithoutEchoingThem() {
        String secretish = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2";
        assertThatThrownBy(() -> CallbackCrypto.of("", KEY, CORP)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("token");
        assertThatThrownBy(() -> CallbackCrypto.of(null, KEY, CORP)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("token");
        for (String badKey : new String[] {secretish, KEY + "A", "", KEY.substring(0, 42) + "+", KEY.substring(0, 42) + "=", null}) {
            assertThatThrownBy(() -> CallbackCrypto.of(TOKEN, badKey, CORP))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("encodingAesKey")
                    .hasMessageContaining("43 characters of [A-Za-z0-9]")
                    .satisfies(e -> {
                        if (badKey != null && !badKey.isEmpty()) {
                            assertThat(e.getMessage()).doesNotContain(badKey);
                        }
                    });
        }
        assertThatThrownBy(() -> CallbackCrypto.of(TOKEN, KEY, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("receiveId");
    }

    @Test
    void acceptsKeysWhoseLastCharacterHasSpareBits() throws Exception {
        // 'C' = 2 = 000010: the two spare bits of the last character are non-zero in vector A's key.
        String[] keys = {KEY, KEY.substring(0, 42) + "z", KEY.substring(0, 42) + "9", KEY.substring(0, 42) + "A"};
        for (String key : keys) {
            CallbackCrypto c = CallbackCrypto.of(TOKEN, key, CORP).withoutReplayWindow();
            EncryptedMessage m = c.encrypt("hello", TS, NONCE);
            assertThat(c.decrypt(m.msgSignature(), TS, NONCE, m.encrypt())).isEqualTo("hello");
        }
    }

    @Test
    void toStringAndMessagesNeverShowSecrets() {
        assertThat(crypto.toString()).contains(CORP).doesNotContain(TOKEN).doesNotContain(KEY);
        assertThatThrownBy(() -> crypto.decrypt("0000", TS, NONCE, "abcd"))
                .isInstanceOf(CallbackCryptoException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN).doesNotContain(KEY).doesNotContain("abcd"));
    }

    @Test
    void signatureIsSortedSha1Hex() throws IOException {
        Map<String, String> a2 = KnownAnswerTest.vector("A2");
        assertThat(crypto.signature(a2.get("timestamp"), a2.get("nonce"), a2.get("input")))
                .isEqualTo(a2.get("msg_signature"));
        assertThat(crypto.signature("1", "2", "3")).matches("[0-9a-f]{40}");
    }

    @Test
    void upperCaseSignatureHexIsAccepted() throws Exception {
        EncryptedMessage m = crypto.encrypt("x", TS, NONCE);
        assertThat(crypto.decrypt(m.msgSignature().toUpperCase(), TS, NONCE, m.encrypt())).isEqualTo("x");
    }

    @Test
    void roundTripsEveryLengthAndPad() throws Exception {
        Set<Integer> pads = new HashSet<>();
        for (int length = 0; length <= 300; length++) {
            String text = sample(length);
            EncryptedMessage m = crypto.encrypt(text, TS, NONCE);
            assertThat(crypto.decrypt(m.msgSignature(), m.timestamp(), m.nonce(), m.encrypt())).isEqualTo(text);
            int contentLength = 20 + text.getBytes(StandardCharsets.UTF_8).length + CORP.length();
            pads.add(32 - contentLength % 32);
        }
        assertThat(pads).hasSize(32).contains(1, 32);
    }

    @Test
    void roundTripsMultiByteUtf8() throws Exception {
        for (String text : new String[] {"你好", "张三丰 🀄 Zhāng", "\u0000", "emoji 😀😀😀😀😀😀😀😀"}) {
            EncryptedMessage m = crypto.encrypt(text, TS, "nonceWithLetters");
            assertThat(crypto.decryptMessage(m.msgSignature(), TS, "nonceWithLetters", m.toXml())).isEqualTo(text);
        }
    }

    @Test
    void fixedPrefixReproducesVectorA2ByteForByte() throws Exception {
        Map<String, String> a2 = KnownAnswerTest.vector("A2");
        byte[] prefix = Arrays.copyOf(rawDecrypt(Base64.getDecoder().decode(a2.get("input"))), 16);
        CallbackCrypto seeded = crypto.withPrefixSource(out -> System.arraycopy(prefix, 0, out, 0, 16));

        EncryptedMessage m = seeded.encrypt(a2.get("plaintext"), a2.get("timestamp"), a2.get("nonce"));

        assertThat(m.encrypt()).isEqualTo(a2.get("input"));
        assertThat(m.msgSignature()).isEqualTo(a2.get("msg_signature"));
    }

    @Test
    void encryptUsesAFreshPrefixEachTime() {
        assertThat(crypto.encrypt("same", TS, NONCE).encrypt()).isNotEqualTo(crypto.encrypt("same", TS, NONCE).encrypt());
    }

    @Test
    void replyXmlHasWeComsLayout() {
        EncryptedMessage m = new EncryptedMessage("ENC", "SIG", "123", "n0");
        assertThat(m.toXml()).isEqualTo("<xml><Encrypt><![CDATA[ENC]]></Encrypt><MsgSignature><![CDATA[SIG]]></MsgSignature>"
                + "<TimeStamp>123</TimeStamp><Nonce><![CDATA[n0]]></Nonce></xml>");
    }

    @Test
    void rejectsTruncatedAndNonBase64Ciphertexts() throws Exception {
        String good = crypto.encrypt("hello world", TS, NONCE).encrypt();
        expect(Reason.BASE64_INVALID, good.substring(0, good.length() - 3));
        expect(Reason.BASE64_INVALID, "not*base64!");
        expect(Reason.BASE64_INVALID, "");
        // valid Base64 of 20 bytes: not a whole number of AES blocks
        expect(Reason.DECRYPT_FAILED, Base64.getEncoder().encodeToString(new byte[20]));
        // one AES block (16 bytes) is too short for WeCom's 32-byte padding
        expect(Reason.DECRYPT_FAILED, Base64.getEncoder().encodeToString(new byte[16]));
        // the last AES block cut off: still Base64 and aligned, but the last byte is now text, not padding
        byte[] full = Base64.getDecoder().decode(good);
        expect(Reason.BUFFER_INVALID, Base64.getEncoder().encodeToString(Arrays.copyOf(full, full.length - 16)));
    }

    @Test
    void rejectsPadZeroAndPadThirtyThree() throws Exception {
        expect(Reason.BUFFER_INVALID, forge(withPad(layout("hi", CORP), 0)));
        expect(Reason.BUFFER_INVALID, forge(withPad(layout("hi", CORP), 33)));
    }

    @Test
    void rejectsALengthFieldPointingPastTheBuffer() throws Exception {
        byte[] plain = layout("hi", CORP);
        ByteBuffer.wrap(plain).putInt(16, 10_000);
        expect(Reason.BUFFER_INVALID, forge(padTo32(plain)));
        ByteBuffer.wrap(plain).putInt(16, -1);
        expect(Reason.BUFFER_INVALID, forge(padTo32(plain)));
    }

    @Test
    void rejectsABufferShorterThanItsHeader() throws Exception {
        byte[] plain = new byte[32];
        Arrays.fill(plain, 8, 32, (byte) 24); // pad 24 leaves 8 bytes: less than the 20-byte header
        expect(Reason.BUFFER_INVALID, forge(plain));
    }

    @Test
    void rejectsInvalidUtf8InTheMessage() throws Exception {
        byte[] message = {(byte) 0xC3, (byte) 0x28};
        byte[] id = CORP.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(20 + message.length + id.length);
        b.position(16);
        b.putInt(message.length).put(message).put(id);
        expect(Reason.BUFFER_INVALID, forge(padTo32(b.array())));
    }

    @Test
    void emptyMessageRoundTripsButAMissingCiphertextIsRefused() throws Exception {
        EncryptedMessage m = crypto.encrypt("", TS, NONCE);
        assertThat(crypto.decrypt(m.msgSignature(), TS, NONCE, m.encrypt())).isEmpty();
        assertThatThrownBy(() -> crypto.decrypt("sig", TS, NONCE, null)).isInstanceOf(CallbackCryptoException.class);
        assertThatThrownBy(() -> crypto.decryptMessage("sig", TS, NONCE, "")).isInstanceOf(CallbackCryptoException.class)
                .extracting(e -> ((CallbackCryptoException) e).reason()).isEqualTo(Reason.XML_INVALID);
    }

    @Test
    void rejectsAnotherReceiveId() throws Exception {
        EncryptedMessage m = CallbackCrypto.of(TOKEN, KEY, "ww0000000000000000").encrypt("hi", TS, NONCE);
        assertThatThrownBy(() -> crypto.decrypt(m.msgSignature(), TS, NONCE, m.encrypt()))
                .isInstanceOf(CallbackCryptoException.class)
                .satisfies(e -> {
                    CallbackCryptoException c = (CallbackCryptoException) e;
                    assertThat(c.reason()).isEqualTo(Reason.RECEIVE_ID_MISMATCH);
                    assertThat(c.code()).isEqualTo(-40005);
                });
    }

    @Test
    void missingSignatureTimestampOrNonceAreRefused() {
        EncryptedMessage m = crypto.encrypt("hi", TS, NONCE);
        assertReason(() -> crypto.decrypt(null, TS, NONCE, m.encrypt()), Reason.SIGNATURE_INVALID);
        assertReason(() -> crypto.decrypt(m.msgSignature(), null, NONCE, m.encrypt()), Reason.SIGNATURE_INVALID);
        assertReason(() -> crypto.decrypt(m.msgSignature(), TS, null, m.encrypt()), Reason.SIGNATURE_INVALID);
        assertReason(() -> crypto.decrypt(m.msgSignature() + "00", TS, NONCE, m.encrypt()), Reason.SIGNATURE_INVALID);
    }

    @Test
    void replayWindowRefusesStaleFutureMissingAndNonNumericTimestamps() throws Exception {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);
        CallbackCrypto windowed = crypto.withMaxAge(Duration.ofMinutes(5), clock);
        for (String ts : new String[] {"1700000000", "1699999700", "1700000300"}) {
            EncryptedMessage m = windowed.encrypt("ok", ts, NONCE);
            assertThat(windowed.decrypt(m.msgSignature(), ts, NONCE, m.encrypt())).isEqualTo("ok");
        }
        for (String ts : new String[] {"1699999699", "1700000301", "", "abc", "-9223372036854775808", "99999999999999999999"}) {
            EncryptedMessage m = windowed.encrypt("ok", ts, NONCE);
            assertReason(() -> windowed.decrypt(m.msgSignature(), ts, NONCE, m.encrypt()), Reason.TIMESTAMP_INVALID);
        }
        // the original keeps its own window
        EncryptedMessage old = crypto.encrypt("ok", "1", NONCE);
        assertReason(() -> crypto.decrypt(old.msgSignature(), "1", NONCE, old.encrypt()), Reason.TIMESTAMP_INVALID);
        assertThatThrownBy(() -> crypto.withMaxAge(Duration.ZERO, clock)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ofHasAFiveMinuteWindowOnTheSystemClock() throws Exception {
        CallbackCrypto strict = CallbackCrypto.of(TOKEN, KEY, CORP);
        long now = Instant.now().getEpochSecond();
        for (String ts : new String[] {Long.toString(now), Long.toString(now - 240), Long.toString(now + 240)}) {
            EncryptedMessage m = strict.encrypt("ok", ts, NONCE);
            assertThat(strict.decrypt(m.msgSignature(), ts, NONCE, m.encrypt())).isEqualTo("ok");
        }
        for (String ts : new String[] {Long.toString(now - 360), Long.toString(now + 360), TS, "", "abc"}) {
            EncryptedMessage m = strict.encrypt("ok", ts, NONCE);
            assertReason(() -> strict.decrypt(m.msgSignature(), ts, NONCE, m.encrypt()), Reason.TIMESTAMP_INVALID);
            assertReason(() -> strict.decryptMessage(m.msgSignature(), ts, NONCE, m.toXml()), Reason.TIMESTAMP_INVALID);
        }
        assertThat(CallbackCrypto.DEFAULT_MAX_AGE).isEqualTo(Duration.ofMinutes(5));
        assertThat(strict.toString()).contains("maxAge=PT5M");
    }

    @Test
    void withoutReplayWindowAcceptsAnyTimestampButStillChecksTheSignature() throws Exception {
        CallbackCrypto lax = CallbackCrypto.of(TOKEN, KEY, CORP).withoutReplayWindow();
        for (String ts : new String[] {TS, "1", "", "abc"}) {
            EncryptedMessage m = lax.encrypt("ok", ts, NONCE);
            assertThat(lax.decrypt(m.msgSignature(), ts, NONCE, m.encrypt())).isEqualTo("ok");
            assertReason(() -> lax.decrypt(m.msgSignature(), ts + "0", NONCE, m.encrypt()), Reason.SIGNATURE_INVALID);
        }
        assertThat(lax.toString()).contains("maxAge=none");
        // a window can be put back
        CallbackCrypto again = lax.withMaxAge(Duration.ofMinutes(5), VECTOR_CLOCK);
        EncryptedMessage old = again.encrypt("ok", "1", NONCE);
        assertReason(() -> again.decrypt(old.msgSignature(), "1", NONCE, old.encrypt()), Reason.TIMESTAMP_INVALID);
    }

    @Test
    void reasonsAreOnlyThoseThrownAndKeepTheirOfficialCodes() {
        Map<Reason, Integer> codes = new java.util.EnumMap<>(Reason.class);
        for (Reason r : Reason.values()) codes.put(r, r.code());
        assertThat(codes).containsExactlyInAnyOrderEntriesOf(Map.of(
                Reason.SIGNATURE_INVALID, -40001, Reason.TIMESTAMP_INVALID, -40001, Reason.XML_INVALID, -40002,
                Reason.RECEIVE_ID_MISMATCH, -40005, Reason.DECRYPT_FAILED, -40007, Reason.BUFFER_INVALID, -40008,
                Reason.BASE64_INVALID, -40010, Reason.TOO_LARGE, -40002));
    }

    @Test
    void oversizedInputIsRefusedBeforeWork() {
        CallbackCrypto small = crypto.withMaxInputLength(100);
        String big = "A".repeat(101);
        assertReason(() -> small.decrypt("sig", TS, NONCE, big), Reason.TOO_LARGE);
        assertReason(() -> small.decryptMessage("sig", TS, NONCE, "<xml><Encrypt>" + big + "</Encrypt></xml>"), Reason.TOO_LARGE);
        assertReason(() -> crypto.decryptMessage("sig", TS, NONCE, "x".repeat(CallbackCrypto.DEFAULT_MAX_INPUT_LENGTH + 1)),
                Reason.TOO_LARGE);
    }

    // --- helpers -------------------------------------------------------------------------

    private void expect(Reason reason, String encrypt) {
        String signature = crypto.signature(TS, NONCE, encrypt);
        assertReason(() -> crypto.decrypt(signature, TS, NONCE, encrypt), reason);
    }

    interface Call {
        Object run() throws Exception;
    }

    static void assertReason(Call call, Reason reason) {
        assertThatThrownBy(call::run)
                .isInstanceOf(CallbackCryptoException.class)
                .satisfies(e -> assertThat(((CallbackCryptoException) e).reason()).isEqualTo(reason));
    }

    private static String sample(int byteLength) {
        StringBuilder sb = new StringBuilder();
        int bytes = 0;
        while (bytes < byteLength) {
            if (byteLength - bytes >= 3 && sb.length() % 3 == 1) {
                sb.append('字');
                bytes += 3;
            } else {
                sb.append((char) ('a' + sb.length() % 26));
                bytes++;
            }
        }
        return sb.toString();
    }

    /** random(16) ‖ length ‖ message ‖ receiveId, unpadded. */
    private static byte[] layout(String message, String receiveId) {
        byte[] m = message.getBytes(StandardCharsets.UTF_8);
        byte[] id = receiveId.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(20 + m.length + id.length);
        b.position(16);
        b.putInt(m.length).put(m).put(id);
        return b.array();
    }

    private static byte[] padTo32(byte[] content) {
        int pad = 32 - content.length % 32;
        byte[] out = Arrays.copyOf(content, content.length + pad);
        Arrays.fill(out, content.length, out.length, (byte) pad);
        return out;
    }

    private static byte[] withPad(byte[] content, int padByte) {
        byte[] out = padTo32(content);
        out[out.length - 1] = (byte) padByte;
        return out;
    }

    private static String forge(byte[] plain) throws Exception {
        return Base64.getEncoder().encodeToString(aes(Cipher.ENCRYPT_MODE, plain));
    }

    static byte[] rawDecrypt(byte[] ciphertext) throws Exception {
        return aes(Cipher.DECRYPT_MODE, ciphertext);
    }

    private static byte[] aes(int mode, byte[] input) throws Exception {
        byte[] key = Base64.getDecoder().decode(KEY + "=");
        Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
        cipher.init(mode, new SecretKeySpec(key, "AES"), new IvParameterSpec(key, 0, 16));
        return cipher.doFinal(input);
    }
}
