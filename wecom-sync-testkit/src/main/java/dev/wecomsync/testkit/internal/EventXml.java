package dev.wecomsync.testkit.internal;

import java.util.Collection;
import java.util.stream.Collectors;

/**
 * Writes the plaintext XML of a WeCom callback message, text in CDATA as WeCom does, numbers bare. Not API.
 */
public final class EventXml {

  private final StringBuilder xml = new StringBuilder(512);

  private EventXml(String corpId, long createTime, String event) {
    xml.append("<xml>");
    text("ToUserName", corpId);
    text("FromUserName", "sys");
    number("CreateTime", createTime);
    text("MsgType", "event");
    text("Event", event);
  }

  /** A {@code change_contact} event of the given ChangeType. */
  public static EventXml changeContact(String corpId, long createTime, String changeType) {
    return new EventXml(corpId, createTime, "change_contact").text("ChangeType", changeType);
  }

  /** An event with another {@code Event} value, such as {@code batch_job_result}. */
  public static EventXml event(String corpId, long createTime, String event) {
    return new EventXml(corpId, createTime, event);
  }

  public EventXml text(String name, String value) {
    xml.append('<').append(name).append("><![CDATA[")
        .append(value.replace("]]>", "]]]]><![CDATA[>"))
        .append("]]></").append(name).append('>');
    return this;
  }

  public EventXml number(String name, long value) {
    xml.append('<').append(name).append('>').append(value).append("</").append(name).append('>');
    return this;
  }

  /** A comma-separated list in CDATA, as Department and DirectLeader are written. */
  public EventXml list(String name, Collection<?> values) {
    return text(name, values.stream().map(String::valueOf).collect(Collectors.joining(",")));
  }

  /** Opens a nested element; close it with {@link #close(String)}. */
  public EventXml open(String name) {
    xml.append('<').append(name).append('>');
    return this;
  }

  public EventXml close(String name) {
    xml.append("</").append(name).append('>');
    return this;
  }

  public String build() {
    return xml + "</xml>";
  }
}
