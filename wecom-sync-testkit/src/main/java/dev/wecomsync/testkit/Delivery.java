package dev.wecomsync.testkit;

/**
 * One POST of an encrypted event to the host's endpoint: what was sent (the raw {@code query}
 * {@code msg_signature=…&timestamp=…&nonce=…} and the XML {@code body}) and what came back. {@code status} is
 * 0 when no answer arrived (refused, reset, or over WeCom's 5-second limit).
 */
public record Delivery(CallbackEvent event, String query, String body, String msgSignature, String timestamp,
    String nonce, int status, String responseBody) {

  /** Whether WeCom would count this delivery as received: HTTP 200. */
  public boolean accepted() {
    return status == 200;
  }

  Delivery withResponse(int status, String responseBody) {
    return new Delivery(event, query, body, msgSignature, timestamp, nonce, status, responseBody);
  }
}
