package dev.wecomsync.spring;

/**
 * A {@code wecom.*} property is missing or wrong; thrown at startup. The message names the property,
 * what is wrong with it and where its value is in the WeCom admin console, never the value itself.
 */
public class WeComPropertyException extends IllegalStateException {

    private final String property;

    public WeComPropertyException(String property, String message) {
        super(message);
        this.property = property;
    }

    /** The property's name, e.g. {@code wecom.callback.encoding-aes-key}. */
    public String property() {
        return property;
    }
}
