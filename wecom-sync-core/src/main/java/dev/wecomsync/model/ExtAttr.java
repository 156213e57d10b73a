package dev.wecomsync.model;

import java.util.Objects;

/**
 * One custom field of a member ({@code extattr.attrs[]}).
 *
 * @param name the field's name as configured in the admin console
 * @param type what kind of value it holds
 * @param text the value of a {@link Type#TEXT} field; {@code null} for other types
 * @param url the link of a {@link Type#WEB} field; {@code null} for other types
 * @param title the link title of a {@link Type#WEB} field; {@code null} for other types
 */
public record ExtAttr(String name, Type type, String text, String url, String title) {

    /** The kind of a custom field: WeCom's {@code type} 0 (text) or 1 (web link). */
    public enum Type { TEXT, WEB, UNKNOWN }

    public ExtAttr {
        Objects.requireNonNull(name, "name == null");
        Objects.requireNonNull(type, "type == null");
    }

    /** A text attribute. */
    public static ExtAttr text(String name, String value) {
        return new ExtAttr(name, Type.TEXT, value, null, null);
    }

    /** A web attribute: a link and its title. */
    public static ExtAttr web(String name, String url, String title) {
        return new ExtAttr(name, Type.WEB, null, url, title);
    }
}
