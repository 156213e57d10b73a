package dev.wecomsync.testkit;

/**
 * The outcome of WeCom's GET URL verification: the raw query sent (with the percent-encoded {@code echostr}),
 * the plaintext the endpoint had to echo, and the status and body it answered. It passed when the status is
 * 200 and the body is exactly the plaintext.
 */
public record UrlVerification(String query, String expectedBody, int status, String body) {

  public boolean passed() {
    return status == 200 && expectedBody.equals(body);
  }
}
