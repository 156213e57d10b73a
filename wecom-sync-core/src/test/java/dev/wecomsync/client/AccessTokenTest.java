package dev.wecomsync.client;

import static dev.wecomsync.client.ClientFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AccessTokenTest {

    static final String OK_EMPTY = "{\"errcode\":0,\"errmsg\":\"ok\",\"department_id\":[]}";

    ClientFixture fixture;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new ClientFixture();
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void fiftyThreadsNeedingATokenCauseOneGettoken() throws Exception {
        int threads = 50;
        CountDownLatch allAsking = new CountDownLatch(threads);
        AtomicInteger gettokens = new AtomicInteger();
        fixture.server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                if (request.getUrl().encodedPath().equals("/cgi-bin/gettoken")) {
                    gettokens.incrementAndGet();
                    allAsking.await(5, TimeUnit.SECONDS); // hold the token until every thread wants one
                    return json("{\"errcode\":0,\"errmsg\":\"ok\",\"access_token\":\"T1\",\"expires_in\":7200}");
                }
                return json(OK_EMPTY);
            }
        });
        WeComClient client = fixture.builder().maxConcurrency(threads).build();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<String>> tokens = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                tokens.add(pool.submit(() -> {
                    allAsking.countDown();
                    client.departments().simpleList();
                    return client.accessToken();
                }));
            }
            for (Future<String> token : tokens) {
                assertThat(token.get(10, TimeUnit.SECONDS)).isEqualTo("T1");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(gettokens).hasValue(1);
        assertThat(fixture.server.getRequestCount()).isEqualTo(1 + threads);
    }

    @Test
    void threadsWaitingOnAFailedGettokenShareItsFailure() throws Exception {
        int threads = 20;
        CountDownLatch allAsking = new CountDownLatch(threads);
        AtomicInteger gettokens = new AtomicInteger();
        fixture.server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                gettokens.incrementAndGet();
                allAsking.await(5, TimeUnit.SECONDS);
                return json("{\"errcode\":40001,\"errmsg\":\"invalid credential\"}");
            }
        });
        WeComClient client = fixture.client();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> errcodes = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                errcodes.add(pool.submit(() -> {
                    allAsking.countDown();
                    try {
                        client.users().get("zhangsan");
                        return 0;
                    } catch (WeComApiException e) {
                        return e.errcode();
                    }
                }));
            }
            for (Future<Integer> errcode : errcodes) {
                assertThat(errcode.get(10, TimeUnit.SECONDS)).isEqualTo(40001);
            }
        } finally {
            pool.shutdownNow();
        }
        // A wrong secret asked for many times gets the IP banned: the waiters did not ask again.
        // Without sharing the failure every thread would ask (20 calls). A thread descheduled between
        // counting down and reaching the token source may still start its own fetch after the failure.
        assertThat(gettokens.get()).isBetween(1, 3);
    }

    @Test
    void tokenIsCachedAndRefreshedAheadOfExpiry() throws Exception {
        WeComClient client = fixture.client();
        fixture.enqueueToken("T1", 7200);
        fixture.enqueueToken("T2", 7200);

        assertThat(client.accessToken()).isEqualTo("T1");
        fixture.clock.advance(Duration.ofSeconds(7200 - 301)); // more than the 5 min margin left
        assertThat(client.accessToken()).isEqualTo("T1");
        fixture.clock.advance(Duration.ofSeconds(2)); // now within 5 min of expiry
        assertThat(client.accessToken()).isEqualTo("T2");
        assertThat(fixture.server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void shortLivedTokenIsRefreshedAtHalfItsLifetime() {
        WeComClient client = fixture.client();
        fixture.enqueueToken("T1", 60);
        fixture.enqueueToken("T2", 60);

        assertThat(client.accessToken()).isEqualTo("T1");
        fixture.clock.advance(Duration.ofSeconds(29));
        assertThat(client.accessToken()).isEqualTo("T1");
        fixture.clock.advance(Duration.ofSeconds(1));
        assertThat(client.accessToken()).isEqualTo("T2");
    }

    @Test
    void expiredTokenIsRefreshedOnceAndTheCallReplayed() throws Exception {
        WeComClient client = fixture.client();
        fixture.enqueueToken("T1", 7200);
        fixture.enqueueError(42001, "access_token expired");
        fixture.enqueueToken("T2", 7200);
        fixture.enqueue(OK_EMPTY);

        assertThat(client.departments().simpleList()).isEmpty();

        fixture.takeToken();
        assertThat(fixture.take().getUrl().queryParameter("access_token")).isEqualTo("T1");
        fixture.takeToken();
        assertThat(fixture.take().getUrl().queryParameter("access_token")).isEqualTo("T2");
        assertThat(client.accessToken()).isEqualTo("T2");
        assertThat(fixture.server.getRequestCount()).isEqualTo(4);
        assertThat(fixture.sleeper.sleeps).isEmpty();
    }

    @Test
    void repeatedInvalidTokenIsAnExceptionNotALoop() {
        WeComClient client = fixture.client();
        fixture.enqueueToken("T1", 7200);
        fixture.enqueueError(40014, "invalid access_token");
        fixture.enqueueToken("T2", 7200);
        fixture.enqueueError(40014, "invalid access_token");
        fixture.enqueueToken("T3", 7200); // must never be fetched

        assertThatThrownBy(() -> client.users().get("zhangsan"))
                .isInstanceOfSatisfying(WeComApiException.class, e -> {
                    assertThat(e.errcode()).isEqualTo(40014);
                    assertThat(e.isTokenError()).isTrue();
                    assertThat(e.api()).isEqualTo("user/get");
                });
        assertThat(fixture.server.getRequestCount()).isEqualTo(4);
    }

    @Test
    void gettokenErrorsFailFastWithAHint() {
        WeComClient client = fixture.client();
        fixture.enqueueError(40001, "invalid credential, hint: [1700000000_2_x], from ip: 1.2.3.4, more info at https://open.work.weixin.qq.com/devtool/query?e=40001");

        assertThatThrownBy(() -> client.departments().list())
                .isInstanceOfSatisfying(WeComApiException.class, e -> {
                    assertThat(e.api()).isEqualTo("gettoken");
                    assertThat(e.isConfigurationError()).isTrue();
                    assertThat(e.hint()).hasValueSatisfying(h -> assertThat(h).contains("secret"));
                });
        assertThat(fixture.server.getRequestCount()).isEqualTo(1);
        assertThat(fixture.sleeper.sleeps).isEmpty();
    }

    @Test
    void gettokenIsRetriedWhenWeComIsBusy() {
        WeComClient client = fixture.client();
        fixture.enqueueError(-1, "system busy");
        fixture.enqueueToken("T1", 7200);

        assertThat(client.accessToken()).isEqualTo("T1");
        assertThat(fixture.sleeper.sleeps).hasSize(1);
    }

    @Test
    void tokenStoreIsKeyedByCorpAndFingerprintNeverTheSecret() {
        RecordingStore store = new RecordingStore();
        WeComClient client = fixture.builder().tokenStore(store).build();
        fixture.enqueueToken("T1", 7200);

        client.accessToken();

        assertThat(store.keys).hasSize(1);
        TokenStore.Key key = store.keys.iterator().next();
        assertThat(key.corpId()).isEqualTo(ClientFixture.CORP_ID);
        assertThat(key.secretFingerprint()).matches("[0-9a-f]{16}").doesNotContain(ClientFixture.SECRET);
        assertThat(key.toString()).doesNotContain(ClientFixture.SECRET);
        assertThat(store.get(key)).hasValueSatisfying(t -> assertThat(t.value()).isEqualTo("T1"));
    }

    @Test
    void clientsSharingAStoreShareTheToken() {
        TokenStore store = TokenStore.inMemory();
        WeComClient first = fixture.builder().tokenStore(store).build();
        WeComClient second = fixture.builder().tokenStore(store).build();
        fixture.enqueueToken("T1", 7200);

        assertThat(first.accessToken()).isEqualTo("T1");
        assertThat(second.accessToken()).isEqualTo("T1");
        assertThat(fixture.server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void rejectedTokenIsRemovedFromTheStore() {
        TokenStore store = TokenStore.inMemory();
        WeComClient client = fixture.builder().tokenStore(store).build();
        fixture.enqueueToken("T1", 7200);
        fixture.enqueueError(40014, "invalid access_token");
        fixture.enqueueToken("T2", 7200);
        fixture.enqueue(OK_EMPTY);

        client.departments().simpleList();

        TokenStore.Key key = new TokenStore.Key(ClientFixture.CORP_ID, secretFingerprint());
        assertThat(store.get(key)).hasValueSatisfying(t -> assertThat(t.value()).isEqualTo("T2"));
    }

    @Test
    void rejectedTokenIsNotTakenBackFromAStoreThatKeptIt() {
        TokenStore forgetful = new RecordingStore() {
            @Override
            public void invalidate(Key key, Token token) {
                // a store that fails to forget: the rejected token stays
            }
        };
        WeComClient client = fixture.builder().tokenStore(forgetful).build();
        fixture.enqueueToken("T1", 7200);
        fixture.enqueueError(42001, "access_token expired");
        fixture.enqueueToken("T2", 7200);
        fixture.enqueue(OK_EMPTY);

        assertThat(client.departments().simpleList()).isEmpty();
        assertThat(client.accessToken()).isEqualTo("T2");
        assertThat(fixture.server.getRequestCount()).isEqualTo(4);
    }

    @Test
    void hostCanInvalidateAToken() {
        WeComClient client = fixture.client();
        fixture.enqueueToken("T1", 7200);
        fixture.enqueueToken("T2", 7200);

        String first = client.accessToken();
        client.invalidateAccessToken("not-the-current-one");
        assertThat(client.accessToken()).isEqualTo(first);
        client.invalidateAccessToken(first);
        assertThat(client.accessToken()).isEqualTo("T2");
    }

    @Test
    void tokenToStringHidesTheValue() {
        TokenStore.Token token = new TokenStore.Token("SECRET-TOKEN", java.time.Instant.EPOCH);
        assertThat(token.toString()).doesNotContain("SECRET-TOKEN");
    }

    private static String secretFingerprint() {
        // As documented on TokenStore.Key: the first 16 hex digits of SHA-256(secret).
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(ClientFixture.SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static class RecordingStore implements TokenStore {
        final Set<Key> keys = ConcurrentHashMap.newKeySet();
        private final TokenStore delegate = TokenStore.inMemory();

        @Override
        public Optional<Token> get(Key key) {
            keys.add(key);
            return delegate.get(key);
        }

        @Override
        public void put(Key key, Token token) {
            keys.add(key);
            delegate.put(key, token);
        }

        @Override
        public void invalidate(Key key, Token token) {
            delegate.invalidate(key, token);
        }
    }
}
