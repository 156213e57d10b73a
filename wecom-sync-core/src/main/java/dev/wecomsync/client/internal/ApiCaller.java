package dev.wecomsync.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * Makes calls to WeCom: takes a token, waits for the rate limiter and a concurrency slot, sends the
 * request, checks the answer, and retries or refreshes the token when that helps.
 */
public final class ApiCaller {

    private final ClientSettings settings;

    public ApiCaller(ClientSettings settings) {
        this.settings = settings;
    }

    /** GETs {@code cgi-bin/<api>} with {@code query} and returns the body, whose errcode is 0. */
    public JsonNode get(String api, Map<String, String> query) {
        throw new UnsupportedOperationException("not yet");
    }

    /** POSTs {@code body} as JSON to {@code cgi-bin/<api>} and returns the answer, whose errcode is 0. */
    public JsonNode post(String api, Map<String, ?> body) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Drops {@code token} if it is still the cached one. */
    public void invalidateAccessToken(String token) {
        throw new UnsupportedOperationException("not yet");
    }

    /** A valid access token, fetched if needed. */
    public String accessToken() {
        throw new UnsupportedOperationException("not yet");
    }
}
