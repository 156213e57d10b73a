package dev.wecomsync.testkit.internal;

import dev.wecomsync.testkit.CallbackTransport;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Delivers callbacks over HTTP/1.1 with the JDK client, with WeCom's 5-second limit for an answer. Not API.
 */
public final class HttpCallbackTransport implements CallbackTransport {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final String url;
  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();

  public HttpCallbackTransport(String url) {
    this.url = URI.create(url).toString();
  }

  @Override
  public Reply deliver(String method, String rawQuery, String body) throws IOException {
    URI target = URI.create(url + (url.contains("?") ? "&" : "?") + rawQuery);
    HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(TIMEOUT);
    if (method.equals("POST")) {
      request.header("Content-Type", "text/xml; charset=utf-8")
          .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    } else {
      request.GET();
    }
    try {
      HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Reply(r.statusCode(), r.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while delivering a callback");
    }
  }

  @Override
  public String toString() {
    return "HttpCallbackTransport{" + url + "}";
  }
}
