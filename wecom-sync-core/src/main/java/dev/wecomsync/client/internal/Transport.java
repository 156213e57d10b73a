package dev.wecomsync.client.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.wecomsync.client.WeComApiException;
import dev.wecomsync.client.WeComIoException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * One HTTP exchange with WeCom: builds {@code <baseUrl>cgi-bin/<api>} with URL-encoded query
 * parameters, sends it, and turns the answer into a JSON object whose errcode is 0, or into an
 * exception. It neither retries nor waits.
 */
final class Transport {

    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

    private final OkHttpClient client;
    private final HttpUrl baseUrl;
    private final String secret;

    Transport(OkHttpClient client, HttpUrl baseUrl, String secret) {
        this.client = client;
        this.baseUrl = baseUrl;
        this.secret = secret;
    }

    /**
     * Sends one request.
     *
     * @param accessToken the token to send, or {@code null} for {@code gettoken}
     * @param jsonBody the POST body, or {@code null} for a GET
     * @throws WeComApiException when WeCom answers with a non-zero errcode
     * @throws WeComIoException when there is no usable answer
     */
    JsonNode send(String api, String accessToken, Map<String, String> query, Object jsonBody) {
        HttpUrl.Builder url = baseUrl.newBuilder().addPathSegments("cgi-bin/" + api);
        if (accessToken != null) {
            url.addQueryParameter("access_token", accessToken);
        }
        query.forEach(url::addQueryParameter);
        Request.Builder request = new Request.Builder().url(url.build()).header("Accept", "application/json");
        if (jsonBody != null) {
            request.post(RequestBody.create(toJson(api, jsonBody), JSON));
        }

        int status = -1;
        String body;
        try (Response response = client.newCall(request.build()).execute()) {
            status = response.code();
            if (status != 200) {
                throw new WeComIoException(api, status, api + ": HTTP " + status, null);
            }
            ResponseBody responseBody = response.body();
            body = responseBody.string();
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted()
                    || (e instanceof InterruptedIOException && "interrupted".equals(e.getMessage()))) {
                Thread.currentThread().interrupt();
                throw new WeComIoException(api, -1, api + ": interrupted", e);
            }
            String detail = e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + scrub(e.getMessage(), accessToken));
            String where = status < 0 ? "" : " (HTTP " + status + ")";
            throw new WeComIoException(api, status, api + ": I/O error" + where + ": " + detail, e);
        }

        JsonNode node = Json.parse(api, status, body);
        JsonNode errcode = node.get("errcode");
        if (errcode == null || !errcode.canConvertToInt()) {
            throw new WeComIoException(api, status, api + ": response has no numeric errcode", null);
        }
        int code = errcode.asInt();
        if (code != 0) {
            throw new WeComApiException(api, code, scrub(Json.text(node, "errmsg"), accessToken));
        }
        return node;
    }

    /** {@code text} without the secret, the token, or any credential query parameter. */
    private String scrub(String text, String accessToken) {
        if (text == null) {
            return null;
        }
        String result = text.replace(secret, "██");
        if (accessToken != null && !accessToken.isEmpty()) {
            result = result.replace(accessToken, "██");
        }
        return Redaction.redact(result);
    }

    private static String toJson(String api, Object body) {
        try {
            return Json.MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(api + ": request body cannot be written as JSON", e);
        }
    }
}
