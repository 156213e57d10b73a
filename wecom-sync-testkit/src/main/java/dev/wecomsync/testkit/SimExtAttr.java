package dev.wecomsync.testkit;

import java.util.Objects;

/**
 * One extended attribute of a simulated user: {@code extattr.attrs[]} in the API and {@code ExtAttr/Item} in
 * callback events. Type 0 is a text attribute ({@link #text()}), type 1 a web attribute ({@link #webUrl()},
 * {@link #webTitle()}); the fields of the other type are {@code null}.
 */
public record SimExtAttr(String name, int type, String text, String webUrl, String webTitle) {

  public static final int TYPE_TEXT = 0;
  public static final int TYPE_WEB = 1;

  public SimExtAttr {
    Objects.requireNonNull(name, "name == null");
    if (type != TYPE_TEXT && type != TYPE_WEB) {
      throw new IllegalArgumentException("type must be 0 (text) or 1 (web): " + type);
    }
  }

  /** A text attribute, {@code {"type":0,"name":..,"text":{"value":..}}}. */
  public static SimExtAttr text(String name, String value) {
    return new SimExtAttr(name, TYPE_TEXT, Objects.requireNonNull(value, "value == null"), null, null);
  }

  /** A web attribute, {@code {"type":1,"name":..,"web":{"url":..,"title":..}}}. */
  public static SimExtAttr web(String name, String url, String title) {
    return new SimExtAttr(name, TYPE_WEB, null, Objects.requireNonNull(url, "url == null"),
        Objects.requireNonNull(title, "title == null"));
  }
}
