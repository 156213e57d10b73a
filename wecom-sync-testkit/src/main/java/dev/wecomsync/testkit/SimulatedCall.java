package dev.wecomsync.testkit;

import java.util.Map;

/**
 * One request the simulator answered, for assertions such as "user/get was called for zhangsan". {@code params}
 * holds the query parameters without {@code access_token} and {@code corpsecret}; {@code body} is the POST body
 * (empty for GET). {@code httpStatus} is 200 for every WeCom answer, 502 or 404 for those faults, and 0 for a
 * dropped connection; {@code errcode} is the answer's errcode (0 on success, and 0 when there was no JSON).
 */
public record SimulatedCall(String api, String method, Map<String, String> params, String body, int httpStatus,
    int errcode) {

  public SimulatedCall {
    params = Map.copyOf(params);
  }

  /** A query parameter, or {@code null}. */
  public String param(String name) {
    return params.get(name);
  }

  /** Whether WeCom would call this a success: HTTP 200 and errcode 0. */
  public boolean succeeded() {
    return httpStatus == 200 && errcode == 0;
  }
}
