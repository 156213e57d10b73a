package dev.wecomsync.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ConcurrencyTest {

    @Test
    void sixteenThreadsShareOneInstance() throws Exception {
        CallbackCrypto crypto = CallbackCrypto.of(CallbackCryptoTest.TOKEN, CallbackCryptoTest.KEY, CallbackCryptoTest.CORP)
                .withMaxAge(CallbackCrypto.DEFAULT_MAX_AGE, CallbackCryptoTest.VECTOR_CLOCK);
        int threads = 16;
        int perThread = 300;
        List<EncryptedMessage> messages = new ArrayList<>();
        List<String> plaintexts = new ArrayList<>();
        for (int i = 0; i < threads * perThread; i++) {
            String text = "<xml><UserID>user" + i + "</UserID><Name>用户" + i + "</Name></xml>";
            plaintexts.add(text);
            messages.add(crypto.encrypt(text, "1409659813", "n" + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int start = t * perThread;
                tasks.add(() -> {
                    int wrong = 0;
                    for (int i = start; i < start + perThread; i++) {
                        EncryptedMessage m = messages.get(i);
                        String got = crypto.decryptMessage(m.msgSignature(), m.timestamp(), m.nonce(), m.toXml());
                        if (!got.equals(plaintexts.get(i))) {
                            wrong++;
                        }
                    }
                    return wrong;
                });
            }
            int wrong = 0;
            for (Future<Integer> f : pool.invokeAll(tasks)) {
                wrong += f.get();
            }
            assertThat(wrong).isZero();
        } finally {
            pool.shutdownNow();
        }
    }
}
