package dev.wecomsync.testkit;

/**
 * One POST of an encrypted event to the host's endpoint: what was sent (the full {@code url} with its
 * {@code msg_signature}, {@code timestamp} and {@code nonce} query, and the XML {@code body}) and what came
 * back. {@code status} is 0 when no HTTP answer arrived (refused, reset, or over WeCom's 5-second limit).
 */
public record Delivery(CallbackEvent event, String url, String body, String msgSignature, String timestamp,
    String nonce, int status, String responseBody) {

  /** Whether WeCom would count this delivery as received: HTTP 200. */
  public boolean accepted() {
    return status == 200;
  }

  /** The query string WeCom appended: {@code msg_signature=…&timestamp=…&nonce=…}. */
  public String query() {
    return url.substring(url.lastIndexOf('?') + 1);
  }

  Delivery withResponse(int status, String responseBody) {
    return new Delivery(event, url, body, msgSignature, timestamp, nonce, status, responseBody);
  }
}
