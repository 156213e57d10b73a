package dev.wecomsync.crypto;

import dev.wecomsync.crypto.CallbackCryptoException.Reason;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * WeCom's message layout and cipher: {@code random(16) ‖ length(4, big-endian) ‖ message ‖
 * receiveId}, padded PKCS#7-style to a multiple of 32 bytes, AES-256-CBC without cipher padding,
 * Base64. Holds the key; immutable and thread-safe.
 */
final class MessageCodec {

    static final int PREFIX_LENGTH = 16;
    private static final int BLOCK = 32;
    private static final int AES_BLOCK = 16;
    private static final int HEADER = PREFIX_LENGTH + 4;
    private static final String TRANSFORMATION = "AES/CBC/NoPadding";

    private final SecretKeySpec key;
    private final IvParameterSpec iv;
    private final byte[] receiveId;
    // A Cipher is not thread-safe and costly to look up; each thread keeps one per direction.
    // After doFinal a CBC cipher is back at its initial IV, ready for the next message. What a
    // kept Cipher holds is this codec's key schedule and one 16-byte block of scratch; never a
    // message, its ciphertext or its plaintext (doFinal returns fresh arrays).
    private final ThreadLocal<Cipher> decryptor;
    private final ThreadLocal<Cipher> encryptor;

    MessageCodec(byte[] aesKey, String receiveId) {
        this.key = new SecretKeySpec(aesKey, "AES");
        this.iv = new IvParameterSpec(Arrays.copyOf(aesKey, 16));
        this.receiveId = receiveId.getBytes(StandardCharsets.UTF_8);
        this.decryptor = ThreadLocal.withInitial(() -> newCipher(Cipher.DECRYPT_MODE));
        this.encryptor = ThreadLocal.withInitial(() -> newCipher(Cipher.ENCRYPT_MODE));
    }

    private Cipher newCipher(int mode) {
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(mode, key, iv);
            return cipher;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot do AES-256-CBC, which every Java SE platform must", e);
        }
    }

    String decrypt(String encrypt) throws CallbackCryptoException {
        byte[] ciphertext;
        try {
            ciphertext = Base64.getDecoder().decode(encrypt);
        } catch (IllegalArgumentException e) {
            String hint = encrypt.indexOf(' ') >= 0
                    ? "; it contains a space: was a '+' turned into a space by decoding the query twice?"
                    : "";
            throw new CallbackCryptoException(Reason.BASE64_INVALID, "the ciphertext is not valid Base64" + hint, e);
        }
        if (ciphertext.length < BLOCK || ciphertext.length % AES_BLOCK != 0) {
            throw new CallbackCryptoException(Reason.DECRYPT_FAILED,
                    "the ciphertext is " + ciphertext.length + " bytes; it must be a multiple of 16, at least 32");
        }
        byte[] plain;
        try {
            plain = decryptor.get().doFinal(ciphertext);
        } catch (GeneralSecurityException e) {
            throw new CallbackCryptoException(Reason.DECRYPT_FAILED, "AES decryption failed", e);
        }
        int pad = plain[plain.length - 1] & 0xff;
        if (pad < 1 || pad > BLOCK) {
            throw new CallbackCryptoException(Reason.BUFFER_INVALID,
                    "the decrypted padding is " + pad + "; it must be 1 to 32: wrong EncodingAESKey?");
        }
        int contentEnd = plain.length - pad;
        if (contentEnd < HEADER) {
            throw new CallbackCryptoException(Reason.BUFFER_INVALID, "the decrypted buffer is too short for its header");
        }
        int length = ByteBuffer.wrap(plain, PREFIX_LENGTH, 4).getInt();
        if (length < 0 || length > contentEnd - HEADER) {
            throw new CallbackCryptoException(Reason.BUFFER_INVALID,
                    "the decrypted length field points past the buffer: wrong EncodingAESKey?");
        }
        int idStart = HEADER + length;
        if (!MessageDigest.isEqual(receiveId, Arrays.copyOfRange(plain, idStart, contentEnd))) {
            throw new CallbackCryptoException(Reason.RECEIVE_ID_MISMATCH,
                    "the message was encrypted for another receiveId; check the configured corpid");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(plain, HEADER, length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new CallbackCryptoException(Reason.BUFFER_INVALID, "the decrypted message is not valid UTF-8", e);
        }
    }

    String encrypt(String plaintext, byte[] prefix) {
        byte[] message = plaintext.getBytes(StandardCharsets.UTF_8);
        int contentLength = HEADER + message.length + receiveId.length;
        int pad = BLOCK - (contentLength % BLOCK);
        byte[] plain = new byte[contentLength + pad];
        ByteBuffer buffer = ByteBuffer.wrap(plain);
        buffer.put(prefix, 0, PREFIX_LENGTH).putInt(message.length).put(message).put(receiveId);
        Arrays.fill(plain, contentLength, plain.length, (byte) pad);
        try {
            return Base64.getEncoder().encodeToString(encryptor.get().doFinal(plain));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES encryption failed, which a working JDK never does", e);
        }
    }
}
