package dev.wecomsync.testkit;

import java.util.Objects;

/**
 * One callback message before encryption: its type ({@code create_user}, … or {@code batch_job_result}) and
 * the plaintext XML WeCom would encrypt. Make them with {@link ChangeEvents}, or wrap your own XML.
 */
public record CallbackEvent(String type, String xml) {

  public CallbackEvent {
    Objects.requireNonNull(type, "type == null");
    Objects.requireNonNull(xml, "xml == null");
  }
}
