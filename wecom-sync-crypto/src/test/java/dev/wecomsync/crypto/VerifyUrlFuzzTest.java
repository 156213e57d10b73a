package dev.wecomsync.crypto;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link CallbackCrypto#verifyUrl} on any input: it returns the echo plaintext or throws
 * {@link CallbackCryptoException}, nothing else, within 100 ms. Input fields:
 * {@code msg_signature} (or {@code *} to sign the echostr, which reaches Base64, AES, the
 * padding, the length field, the receiveId and UTF-8), timestamp, nonce, echostr.
 */
class VerifyUrlFuzzTest {

    @BeforeAll
    static void loadEveryPathBeforeTiming() throws CallbackCryptoException {
        EncryptedMessage m = FuzzInput.CRYPTO.encrypt("1", "1767225600", "n");
        FuzzInput.CRYPTO.verifyUrl(m.msgSignature(), m.timestamp(), m.nonce(), m.encrypt());
        FuzzInput.assertDocumented(new CallbackCryptoException(CallbackCryptoException.Reason.XML_INVALID, "warm-up"));
    }

    @FuzzTest
    void verifyUrl(byte[] input) {
        String[] f = FuzzInput.fields(input, 4);
        String signature = FuzzInput.signature(f[0], f[1], f[2], f[3]);
        FuzzInput.assertDocumented(FuzzInput.outcome(() -> FuzzInput.CRYPTO.verifyUrl(signature, f[1], f[2], f[3])));
    }
}
