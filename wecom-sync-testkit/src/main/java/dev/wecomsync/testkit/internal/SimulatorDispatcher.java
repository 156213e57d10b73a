package dev.wecomsync.testkit.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wecomsync.testkit.Org;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.BiFunction;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.HttpUrl;
import okio.ByteString;

/**
 * Routes {@code /cgi-bin/<api>} requests of the simulator's MockWebServer: counts the call, applies the
 * configured faults and limits, authenticates the token, checks trusted IPs and answers as WeCom does (HTTP 200
 * with errcode JSON). Runs on MockWebServer's connection threads, concurrently. Not API.
 */
public final class SimulatorDispatcher extends Dispatcher {

  /** The address every caller has: the simulator listens on loopback only. */
  public static final String CALLER_IP = "127.0.0.1";

  private static final String PREFIX = "/cgi-bin/";
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Map<String, BiFunction<Caller, ApiRequest, ObjectNode>> ROUTES = Map.of(
      "department/list", DepartmentApis::list,
      "department/simplelist", DepartmentApis::simpleList,
      "department/get", DepartmentApis::get,
      "user/get", UserApis::get,
      "user/list", UserApis::list,
      "user/simplelist", UserApis::simpleList,
      "user/list_id", UserListIdApi::listIds);

  private final String corpId;
  private final Org org;
  private final Map<String, SecretState> secrets;
  private final Tokens tokens;
  private final Faults faults;
  private final CallCounters counters;
  private final CallLog log;
  private final Clock clock;
  private final Random hintRandom;

  public SimulatorDispatcher(String corpId, Org org, Map<String, SecretState> secrets, Tokens tokens,
      Faults faults, CallCounters counters, CallLog log, Clock clock, long seed) {
    this.corpId = corpId;
    this.org = org;
    this.secrets = secrets;
    this.tokens = tokens;
    this.faults = faults;
    this.counters = counters;
    this.log = log;
    this.clock = clock;
    this.hintRandom = new Random(seed ^ 0x41A7L);
  }

  @Override
  public MockResponse dispatch(RecordedRequest recorded) {
    HttpUrl url = recorded.getUrl();
    String path = url.encodedPath();
    if (!path.startsWith(PREFIX)) return new MockResponse.Builder().code(404).body("not found").build();
    String api = path.substring(PREFIX.length());
    ByteString rawBody = recorded.getBody();
    String body = rawBody == null ? "" : rawBody.utf8();
    counters.record(api);
    Answer answer = answer(api, recorded.getMethod(), url, body);
    log.record(api, recorded.getMethod(), url, body, answer.httpStatus(), answer.errcode());
    return answer.response();
  }

  private record Answer(MockResponse response, int httpStatus, int errcode) {}

  private Answer answer(String api, String method, HttpUrl url, String body) {
    if (!api.equals("gettoken") && !ROUTES.containsKey(api)) {
      return new Answer(new MockResponse.Builder().code(404).body("not found").build(), 404, 0);
    }
    if (!faults.enter(api)) return error(ApiError.of(45033));
    try {
      faults.delay();
      if (faults.dropConnection()) {
        return new Answer(new MockResponse.Builder()
            .onResponseStart(new SocketEffect.CloseSocket(true, false, false)).build(), 0, 0);
      }
      if (faults.http502()) {
        return new Answer(new MockResponse.Builder().code(502).setHeader("Content-Type", "text/html")
            .body("<html><body><h1>502 Bad Gateway</h1></body></html>").build(), 502, 0);
      }
      int queued = faults.takeQueuedFailure(api);
      if (queued != 0) throw ApiError.of(queued);
      if (faults.busy()) throw ApiError.of(-1);
      if (!faults.admit(api)) throw ApiError.of(45009);
      ApiRequest request = new ApiRequest(api, method, url, body);
      return new Answer(json(api.equals("gettoken") ? getToken(request) : call(request)), 200, 0);
    } catch (ApiError e) {
      return error(e);
    } finally {
      faults.exit(api);
    }
  }

  private ObjectNode getToken(ApiRequest request) {
    String corp = request.param("corpid");
    String secret = request.param("corpsecret");
    if (corp == null || corp.isEmpty()) throw ApiError.of(41002);
    if (!corp.equals(corpId)) throw ApiError.of(40013);
    if (secret == null || secret.isEmpty()) throw ApiError.of(41004);
    if (!secrets.containsKey(secret)) throw ApiError.of(40001);
    ObjectNode out = DirectoryJson.ok();
    Tokens.Grant grant = tokens.grant(secret);
    out.put("access_token", grant.token());
    out.put("expires_in", grant.expiresInSeconds());
    return out;
  }

  private ObjectNode call(ApiRequest request) {
    SecretState secret = secrets.get(tokens.secretOf(request.param("access_token")));
    if (secret == null) throw ApiError.of(40014);
    Set<String> trusted = secret.trustedIps();
    if (trusted != null && !trusted.contains(CALLER_IP)) throw ApiError.of(60020);
    return ROUTES.get(request.api()).apply(new Caller(secret, org), request);
  }

  private Answer error(ApiError e) {
    ObjectNode out = DirectoryJson.NODES.objectNode();
    out.put("errcode", e.errcode());
    out.put("errmsg", e.getMessage() + ", hint: [" + hint() + "], from ip: " + CALLER_IP
        + ", more info at https://open.work.weixin.qq.com/devtool/query?e=" + e.errcode());
    return new Answer(json(out), 200, e.errcode());
  }

  private String hint() {
    byte[] bytes = new byte[8];
    synchronized (hintRandom) {
      hintRandom.nextBytes(bytes);
    }
    return clock.millis() / 1000 + "_" + HexFormat.of().formatHex(bytes);
  }

  private static MockResponse json(ObjectNode body) {
    try {
      return new MockResponse.Builder()
          .setHeader("Content-Type", "application/json; charset=UTF-8")
          .setHeader("Error-Code", body.path("errcode").asInt())
          .body(MAPPER.writeValueAsString(body))
          .build();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
