package dev.wecomsync.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** A tiny raw WeCom client for the simulator's own tests: no retries, no token caching. */
final class ApiCalls {

  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final OkHttpClient HTTP = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();

  private final WeComSimulator sim;

  ApiCalls(WeComSimulator sim) {
    this.sim = sim;
  }

  JsonNode getToken(String secret) {
    return get("gettoken", Map.of("corpid", sim.corpId(), "corpsecret", secret));
  }

  String token(String secret) {
    JsonNode n = getToken(secret);
    if (n.path("errcode").asInt() != 0) throw new AssertionError("gettoken failed: " + n);
    return n.path("access_token").asText();
  }

  JsonNode get(String api, Map<String, String> params) {
    HttpUrl.Builder url = HttpUrl.get(sim.baseUrl() + "cgi-bin/" + api).newBuilder();
    params.forEach(url::addQueryParameter);
    return execute(new Request.Builder().url(url.build()).build());
  }

  JsonNode get(String token, String api, String... keyValues) {
    HttpUrl.Builder url = HttpUrl.get(sim.baseUrl() + "cgi-bin/" + api).newBuilder()
        .addQueryParameter("access_token", token);
    for (int i = 0; i < keyValues.length; i += 2) url.addQueryParameter(keyValues[i], keyValues[i + 1]);
    return execute(new Request.Builder().url(url.build()).build());
  }

  JsonNode post(String token, String api, String json) {
    HttpUrl url = HttpUrl.get(sim.baseUrl() + "cgi-bin/" + api).newBuilder()
        .addQueryParameter("access_token", token).build();
    return execute(new Request.Builder().url(url)
        .post(RequestBody.create(json, MediaType.get("application/json"))).build());
  }

  /** The raw response code and body, for HTTP-level faults. */
  static int status(WeComSimulator sim, String api) throws IOException {
    try (Response r = HTTP.newCall(new Request.Builder().url(sim.baseUrl() + "cgi-bin/" + api).build()).execute()) {
      return r.code();
    }
  }

  private static JsonNode execute(Request request) {
    try (Response r = HTTP.newCall(request).execute()) {
      if (r.code() != 200) throw new AssertionError("HTTP " + r.code());
      return MAPPER.readTree(r.body().string());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
