package dev.wecomsync.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wecomsync.client.CallListener;
import dev.wecomsync.client.RateLimiter;
import dev.wecomsync.client.RetryPolicy;
import dev.wecomsync.client.TokenStore.Token;
import dev.wecomsync.client.WeComApiException;
import dev.wecomsync.client.WeComException;
import dev.wecomsync.client.WeComIoException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;

/**
 * Makes calls to WeCom: takes a token, waits for the API's rate limiter and a concurrency slot,
 * sends the request, and retries or refreshes the token when that helps.
 *
 * <p>Logs go to the logger {@code dev.wecomsync.client.WeComClient} (unless a test supplies another): DEBUG for every call and token fetch, WARN for
 * retries and token refreshes. They name the API path and the errcode, never a URL, secret or token.
 */
public final class ApiCaller {

    private static final String GET_TOKEN = "gettoken";

    private final Transport transport;
    private final TokenSource tokens;
    private final RateLimiter rateLimiter;
    private final Semaphore inFlight;
    private final RetryPolicy retryPolicy;
    private final Clock clock;
    private final Sleeper sleeper;
    private final DoubleSupplier random;
    private final String corpId;
    private final String secret;
    private final Logger log;
    private final CallListener callListener;

    public ApiCaller(ClientSettings settings) {
        this.transport = new Transport(settings.httpClient(), settings.baseUrl(), settings.secret());
        this.rateLimiter = settings.rateLimiter();
        this.inFlight = new Semaphore(settings.maxConcurrency(), true);
        this.retryPolicy = settings.retryPolicy();
        this.clock = settings.clock();
        this.sleeper = settings.sleeper();
        this.random = settings.random();
        this.corpId = settings.corpId();
        this.secret = settings.secret();
        this.log = settings.logger();
        this.callListener = settings.callListener();
        this.tokens = new TokenSource(settings.tokenStore(), TokenSource.key(corpId, secret), clock, this::fetchToken);
    }

    /** GETs {@code cgi-bin/<api>} with {@code query} and returns the body, whose errcode is 0. */
    public JsonNode get(String api, Map<String, String> query) {
        return call(api, query, null);
    }

    /** POSTs {@code body} as JSON to {@code cgi-bin/<api>} and returns the answer, whose errcode is 0. */
    public JsonNode post(String api, Map<String, ?> body) {
        return call(api, Map.of(), body);
    }

    /** A valid access token, fetched if needed. */
    public String accessToken() {
        return tokens.get(GET_TOKEN);
    }

    /** Drops {@code token} if it is still the cached one. */
    public void invalidateAccessToken(String token) {
        tokens.invalidate(token);
    }

    private JsonNode call(String api, Map<String, String> query, Object body) {
        long started = System.nanoTime();
        try {
            JsonNode result = attempts(api, query, body);
            finished(api, started, null);
            return result;
        } catch (WeComException e) {
            finished(api, started, e);
            throw e;
        }
    }

    private JsonNode attempts(String api, Map<String, String> query, Object body) {
        Instant start = clock.instant();
        boolean tokenRefreshed = false;
        for (int attempt = 1; ; attempt++) {
            String token = tokens.get(api); // gettoken retries on its own; its failures end this call
            try {
                return exchange(api, token, query, body);
            } catch (WeComApiException e) {
                if (e.isTokenError() && !tokenRefreshed) {
                    log.warn("{}: errcode {}, access token rejected; fetching a new one and replaying once",
                            api, e.errcode());
                    tokens.invalidate(token);
                    tokenRefreshed = true;
                    attempt--;
                    continue;
                }
                backOffOrThrow(api, e, attempt, start);
            } catch (WeComIoException e) {
                backOffOrThrow(api, e, attempt, start);
            }
        }
    }

    private Token fetchToken() {
        long started = System.nanoTime();
        try {
            Token token = fetchTokenAttempts();
            finished(GET_TOKEN, started, null);
            return token;
        } catch (WeComException e) {
            finished(GET_TOKEN, started, e);
            throw e;
        }
    }

    private void finished(String api, long startedNanos, WeComException failure) {
        if (callListener == CallListener.NONE) {
            return;
        }
        try {
            callListener.onCall(api, Duration.ofNanos(System.nanoTime() - startedNanos), Optional.ofNullable(failure));
        } catch (RuntimeException e) {
            log.warn("{}: the call listener threw; ignored", api, e);
        }
    }

    private Token fetchTokenAttempts() {
        Instant start = clock.instant();
        Map<String, String> query = new LinkedHashMap<>();
        query.put("corpid", corpId);
        query.put("corpsecret", secret);
        for (int attempt = 1; ; attempt++) {
            try {
                JsonNode body = exchange(GET_TOKEN, null, query, null);
                String value = Json.text(body, "access_token");
                if (value == null) {
                    throw new WeComIoException(GET_TOKEN, 200, GET_TOKEN + ": response has no access_token", null);
                }
                long expiresIn = body.path("expires_in").asLong(7200);
                if (expiresIn <= 0) {
                    expiresIn = 7200;
                }
                log.debug("gettoken: new access token for corp {}, expires in {} s", corpId, expiresIn);
                return new Token(value, clock.instant().plusSeconds(expiresIn));
            } catch (WeComApiException | WeComIoException e) {
                backOffOrThrow(GET_TOKEN, e, attempt, start);
            }
        }
    }

    /** One attempt: rate limit, concurrency slot, HTTP. */
    private JsonNode exchange(String api, String token, Map<String, String> query, Object body) {
        try {
            rateLimiter.acquire(api);
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WeComIoException(api, -1, api + ": interrupted while waiting for a call slot", e);
        }
        long started = System.nanoTime();
        try {
            JsonNode result = transport.send(api, token, query, body);
            if (log.isDebugEnabled()) {
                log.debug("{} {}: errcode 0 in {} ms", body == null ? "GET" : "POST", api, elapsedMillis(started));
            }
            return result;
        } catch (WeComApiException e) {
            log.debug("{}: errcode {} in {} ms", api, e.errcode(), elapsedMillis(started));
            throw e;
        } catch (WeComIoException e) {
            log.debug("{} after {} ms", e.getMessage(), elapsedMillis(started));
            throw e;
        } finally {
            inFlight.release();
        }
    }

    /**
     * Sleeps before the next attempt when {@code e} is worth retrying and the policy allows another
     * attempt within its budget; otherwise throws {@code e}.
     */
    private void backOffOrThrow(String api, WeComException e, int attempt, Instant start) {
        if (!retryable(e)) {
            throw e;
        }
        if (attempt >= retryPolicy.maxAttempts()) {
            if (retryPolicy.maxAttempts() > 1) {
                log.warn("{}: {}; giving up after {} attempts", api, reason(e), attempt);
            }
            throw e;
        }
        Duration delay = delay(e, attempt);
        Duration elapsed = Duration.between(start, clock.instant());
        if (elapsed.plus(delay).compareTo(retryPolicy.totalBudget()) > 0) {
            log.warn("{}: {}; giving up, a retry in {} ms would exceed the retry budget of {} s",
                    api, reason(e), delay.toMillis(), retryPolicy.totalBudget().toSeconds());
            throw e;
        }
        log.warn("{}: {}; retrying in {} ms (attempt {} of {})",
                api, reason(e), delay.toMillis(), attempt + 1, retryPolicy.maxAttempts());
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            WeComIoException interrupted = new WeComIoException(api, -1, api + ": interrupted while waiting to retry", ie);
            interrupted.addSuppressed(e);
            throw interrupted;
        }
    }

    static boolean retryable(WeComException e) {
        if (e instanceof WeComApiException api) {
            return api.isRetryable();
        }
        if (e instanceof WeComIoException io) {
            if (Thread.currentThread().isInterrupted() || io.getCause() instanceof InterruptedException) {
                return false;
            }
            int status = io.httpStatus().orElse(-1);
            return status < 0 || status >= 500 || status == 429;
        }
        return false;
    }

    private Duration delay(WeComException e, int attempt) {
        Duration base = e instanceof WeComApiException api && api.errcode() == 45009
                ? retryPolicy.rateLimitDelay()
                : retryPolicy.backoff(attempt);
        double spread = retryPolicy.jitter() * (2 * random.getAsDouble() - 1);
        return Duration.ofMillis(Math.max(0, Math.round(base.toMillis() * (1 + spread))));
    }

    private static String reason(WeComException e) {
        if (e instanceof WeComApiException api) {
            return "errcode " + api.errcode();
        }
        WeComIoException io = (WeComIoException) e;
        return io.httpStatus().isPresent() ? "HTTP " + io.httpStatus().getAsInt() : "I/O error";
    }

    private static long elapsedMillis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    @Override
    public String toString() {
        return "ApiCaller{corpId=" + corpId + "}";
    }
}
