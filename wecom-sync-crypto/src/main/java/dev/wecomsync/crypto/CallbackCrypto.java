package dev.wecomsync.crypto;

import dev.wecomsync.crypto.CallbackCryptoException.Reason;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Verifies, decrypts and encrypts WeCom callback messages (the "WXBizMsgCrypt" scheme).
 *
 * <pre>{@code
 * CallbackCrypto crypto = CallbackCrypto.of(token, encodingAesKey, corpId);
 * String echo = crypto.verifyUrl(msgSignature, timestamp, nonce, echostr); // answer GET with echo
 * String xml  = crypto.decryptMessage(msgSignature, timestamp, nonce, postBody);
 * }</pre>
 *
 * <h2>What it checks, in order</h2>
 * The signature first, compared in constant time; then the timestamp against the replay window;
 * then Base64, AES-256-CBC, WeCom's 32-byte padding and the length field; the receiveId (your
 * corpid) last. Every failure is a {@link CallbackCryptoException} whose
 * {@link CallbackCryptoException#reason() reason} says which check failed. A tampered message
 * never comes back as garbage text, and no input makes a method throw an unchecked exception.
 *
 * <h2>Replay window, on by default</h2>
 * {@link #of} refuses timestamps more than {@link #DEFAULT_MAX_AGE 5 minutes} away from the
 * system UTC clock, so that a captured request cannot be replayed later. {@link #withMaxAge}
 * sets another window or clock; {@link #withoutReplayWindow()} turns the check off, for
 * recorded messages only.
 *
 * <h2>Nothing of a request outlives the call</h2>
 * No cache, pool or thread-local holds an input, a plaintext or a parser after a method returns
 * or throws, and exceptions chain no parser state: a flood of bodies, accepted or refused, leaves
 * the heap as it found it.
 *
 * <h2>Thread safety</h2>
 * Instances are immutable and thread-safe: create one per (token, key, receiveId) and share it.
 *
 * <h2>Secrets</h2>
 * The token and the EncodingAESKey never appear in exception messages or {@link #toString()}.
 */
public final class CallbackCrypto {

    /** The default limit on any input (POST body, ciphertext, echostr): 1 MiB of characters. */
    public static final int DEFAULT_MAX_INPUT_LENGTH = 1 << 20;

    /** The default replay window: timestamps further than this from now, either way, are refused. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(5);

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Consumer<byte[]> SECURE_PREFIX = RANDOM::nextBytes;

    private final String token;
    private final String receiveId;
    private final MessageCodec codec;
    private final Duration maxAge;
    private final Clock clock;
    private final int maxInputLength;
    private final Consumer<byte[]> prefixSource;

    private CallbackCrypto(String token, String receiveId, MessageCodec codec, Duration maxAge, Clock clock,
            int maxInputLength, Consumer<byte[]> prefixSource) {
        this.token = token;
        this.receiveId = receiveId;
        this.codec = codec;
        this.maxAge = maxAge;
        this.clock = clock;
        this.maxInputLength = maxInputLength;
        this.prefixSource = prefixSource;
    }

    /**
     * Creates a crypto for one callback configuration, with the default replay window
     * ({@link #DEFAULT_MAX_AGE} on the system UTC clock).
     *
     * @param token the callback Token from the admin console: not empty
     * @param encodingAesKey the EncodingAESKey: exactly 43 characters of {@code [A-Za-z0-9]}
     * @param receiveId whom messages are encrypted for: your corpid for a corp's own callbacks
     * @throws IllegalArgumentException when a parameter breaks its rule; the message names the
     *     parameter and the rule, never the value
     */
    public static CallbackCrypto of(String token, String encodingAesKey, String receiveId) {
        if (token == null || token.isEmpty()) {
            throw new IllegalArgumentException("token must not be null or empty: use the Token from the callback settings");
        }
        if (encodingAesKey == null || !KEY.matcher(encodingAesKey).matches()) {
            throw new IllegalArgumentException("encodingAesKey must be exactly 43 characters of [A-Za-z0-9]"
                    + " (got " + (encodingAesKey == null ? "null" : encodingAesKey.length() + " characters")
                    + "): copy the EncodingAESKey from the callback settings");
        }
        if (receiveId == null) {
            throw new IllegalArgumentException("receiveId must not be null: use your corpid");
        }
        // java.util.Base64 ignores the spare bits of the last character, which real keys set.
        byte[] aesKey = Base64.getDecoder().decode(encodingAesKey + "=");
        return new CallbackCrypto(token, receiveId, new MessageCodec(aesKey, receiveId), DEFAULT_MAX_AGE,
                Clock.systemUTC(), DEFAULT_MAX_INPUT_LENGTH, SECURE_PREFIX);
    }

    /**
     * Returns a copy that refuses timestamps more than {@code maxAge} away from {@code clock}'s
     * time (in either direction), and missing or non-numeric timestamps, with
     * {@link Reason#TIMESTAMP_INVALID}, instead of the current window. This bounds how long a
     * captured request can be replayed.
     */
    public CallbackCrypto withMaxAge(Duration maxAge, Clock clock) {
        Objects.requireNonNull(maxAge, "maxAge == null");
        Objects.requireNonNull(clock, "clock == null");
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("maxAge must be positive: " + maxAge);
        }
        return new CallbackCrypto(token, receiveId, codec, maxAge, clock, maxInputLength, prefixSource);
    }

    /**
     * Returns a copy without a replay window: any timestamp, even a missing or non-numeric one,
     * is accepted as long as the signature over it matches, so a request captured once can be
     * replayed forever. Use it only for messages that are old by design: known-answer test
     * vectors, or re-processing recorded callbacks offline. Never on a live callback URL.
     */
    public CallbackCrypto withoutReplayWindow() {
        return new CallbackCrypto(token, receiveId, codec, null, null, maxInputLength, prefixSource);
    }

    /**
     * Returns a copy that refuses inputs (POST body, ciphertext, echostr) longer than
     * {@code maxLength} characters with {@link Reason#TOO_LARGE}, before doing any work.
     */
    public CallbackCrypto withMaxInputLength(int maxLength) {
        if (maxLength < 64) {
            throw new IllegalArgumentException("maxLength must be at least 64: " + maxLength);
        }
        return new CallbackCrypto(token, receiveId, codec, maxAge, clock, maxLength, prefixSource);
    }

    /** A copy whose 16-byte random prefix comes from {@code source}; for known-answer tests only. */
    CallbackCrypto withPrefixSource(Consumer<byte[]> source) {
        return new CallbackCrypto(token, receiveId, codec, maxAge, clock, maxInputLength, source);
    }

    /**
     * Answers WeCom's URL verification (the GET request). Returns the plaintext to send back as
     * the response body, exactly.
     *
     * @param echostr the {@code echostr} query value, already percent-decoded once
     */
    public String verifyUrl(String msgSignature, String timestamp, String nonce, String echostr)
            throws CallbackCryptoException {
        return decrypt(msgSignature, timestamp, nonce, echostr);
    }

    /** Verifies and decrypts one ciphertext (the {@code Encrypt} value of a POST body). */
    public String decrypt(String msgSignature, String timestamp, String nonce, String encrypt)
            throws CallbackCryptoException {
        if (encrypt == null || encrypt.isEmpty()) {
            throw new CallbackCryptoException(Reason.BASE64_INVALID, "the ciphertext is missing");
        }
        checkSize(encrypt, "ciphertext");
        verify(msgSignature, timestamp, nonce, encrypt);
        return codec.decrypt(encrypt);
    }

    /**
     * Verifies and decrypts a whole POST body:
     * {@code <xml><ToUserName>…</ToUserName><AgentID>…</AgentID><Encrypt>…</Encrypt></xml>}.
     * CDATA or plain text, any whitespace, {@code AgentID} present, empty or absent. A body that
     * declares a DTD is refused.
     */
    public String decryptMessage(String msgSignature, String timestamp, String nonce, String postBody)
            throws CallbackCryptoException {
        if (postBody == null || postBody.isEmpty()) {
            throw new CallbackCryptoException(Reason.XML_INVALID, "the callback body is empty");
        }
        checkSize(postBody, "callback body");
        return decrypt(msgSignature, timestamp, nonce, EncryptElement.read(postBody));
    }

    /**
     * Encrypts and signs a reply. The 16-byte prefix is fresh from {@link SecureRandom}.
     *
     * @throws IllegalStateException when the JDK's AES fails, which a working JDK never does
     */
    public EncryptedMessage encrypt(String plaintext, String timestamp, String nonce) {
        Objects.requireNonNull(plaintext, "plaintext == null");
        Objects.requireNonNull(timestamp, "timestamp == null");
        Objects.requireNonNull(nonce, "nonce == null");
        byte[] prefix = new byte[MessageCodec.PREFIX_LENGTH];
        prefixSource.accept(prefix);
        String encrypt = codec.encrypt(plaintext, prefix);
        return new EncryptedMessage(encrypt, signature(timestamp, nonce, encrypt), timestamp, nonce);
    }

    /** The lowercase hex SHA-1 of token, timestamp, nonce and encrypt, sorted and concatenated. */
    public String signature(String timestamp, String nonce, String encrypt) {
        Objects.requireNonNull(timestamp, "timestamp == null");
        Objects.requireNonNull(nonce, "nonce == null");
        Objects.requireNonNull(encrypt, "encrypt == null");
        return Signatures.sign(token, timestamp, nonce, encrypt);
    }

    private void verify(String msgSignature, String timestamp, String nonce, String encrypt)
            throws CallbackCryptoException {
        if (msgSignature == null || timestamp == null || nonce == null) {
            throw new CallbackCryptoException(Reason.SIGNATURE_INVALID,
                    "msg_signature, timestamp and nonce are all required");
        }
        if (!Signatures.matches(Signatures.sign(token, timestamp, nonce, encrypt), msgSignature)) {
            throw new CallbackCryptoException(Reason.SIGNATURE_INVALID,
                    "the msg_signature does not match: check the Token, or the request was not sent by WeCom");
        }
        if (maxAge != null) {
            checkAge(timestamp);
        }
    }

    private void checkAge(String timestamp) throws CallbackCryptoException {
        long seconds;
        try {
            seconds = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            throw new CallbackCryptoException(Reason.TIMESTAMP_INVALID, "the timestamp is not a number of seconds");
        }
        long now = clock.millis() / 1000;
        long window = maxAge.toSeconds();
        if (seconds < now - window || seconds > now + window) {
            throw new CallbackCryptoException(Reason.TIMESTAMP_INVALID,
                    "the timestamp is " + (now - seconds) + " s away from now, outside the replay window of "
                            + maxAge.toSeconds() + " s: a replayed request, or this host's clock is wrong");
        }
    }

    private void checkSize(String input, String what) throws CallbackCryptoException {
        if (input.length() > maxInputLength) {
            throw new CallbackCryptoException(Reason.TOO_LARGE,
                    "the " + what + " is " + input.length() + " characters, over the limit of " + maxInputLength);
        }
    }

    /** Names the receiveId and the replay window; never the token or the key. */
    @Override
    public String toString() {
        return "CallbackCrypto{receiveId=" + receiveId + ", maxAge=" + (maxAge == null ? "none" : maxAge) + "}";
    }
}
