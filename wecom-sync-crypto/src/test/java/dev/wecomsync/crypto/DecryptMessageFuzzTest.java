package dev.wecomsync.crypto;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link CallbackCrypto#decryptMessage} on any input: it returns a plaintext or throws
 * {@link CallbackCryptoException}, nothing else, within 100 ms. Input fields:
 * {@code msg_signature} (or {@code *} to sign the fourth field), timestamp, nonce, the
 * {@code Encrypt} value to sign, and the POST body.
 */
class DecryptMessageFuzzTest {

    @BeforeAll
    static void loadEveryPathBeforeTiming() throws CallbackCryptoException {
        EncryptedMessage m = FuzzInput.CRYPTO.encrypt("<xml/>", "1767225600", "n");
        FuzzInput.CRYPTO.decryptMessage(m.msgSignature(), m.timestamp(), m.nonce(), m.toXml());
        FuzzInput.assertDocumented(new CallbackCryptoException(CallbackCryptoException.Reason.XML_INVALID, "warm-up"));
    }

    @FuzzTest
    void decryptMessage(byte[] input) {
        String[] f = FuzzInput.fields(input, 5);
        String signature = FuzzInput.signature(f[0], f[1], f[2], f[3]);
        FuzzInput.assertDocumented(FuzzInput.outcome(() -> FuzzInput.CRYPTO.decryptMessage(signature, f[1], f[2], f[4])));
    }
}
