package dev.wecomsync.testkit.internal;

import okhttp3.HttpUrl;

/** One call to a simulated API: its name ("user/get"), HTTP method, URL and body. Not API. */
public record ApiRequest(String api, String method, HttpUrl url, String body) {

  /** A query parameter, or {@code null}. */
  public String param(String name) {
    return url.queryParameter(name);
  }

  /** A required numeric query parameter; 40058 when missing or not a number. */
  public long longParam(String name) {
    String value = param(name);
    if (value == null || value.isEmpty()) throw new ApiError(40058, "missing " + name);
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new ApiError(40058, "invalid " + name);
    }
  }

  /** An optional numeric query parameter; {@code null} when absent or empty. */
  public Long optionalLongParam(String name) {
    String value = param(name);
    return value == null || value.isEmpty() ? null : longParam(name);
  }
}
