package dev.wecomsync.callback.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.xml.XmlFactory;
import com.fasterxml.jackson.dataformat.xml.XmlMapper;
import javax.xml.stream.XMLInputFactory;

/**
 * Reads XML into a Jackson tree with DTDs and external entities switched off, so that XXE and
 * entity-expansion ("billion laughs") payloads fail fast instead of being resolved. A document
 * that declares a DTD is refused outright: WeCom never sends one.
 *
 * <p>In the tree, each element becomes a field named after it; an element that occurs more than
 * once becomes an array; text (CDATA or plain) becomes a text node; the root element's name is
 * dropped. Thread-safe.
 */
public final class SafeXml {
    private static final XmlMapper MAPPER = newMapper();

    private SafeXml() {}

    /** Parses {@code xml}; fails on anything that is not one well-formed document without a DTD. */
    public static JsonNode read(String xml) throws MalformedMessageException {
        int doctype = xml.indexOf("<!DOCTYPE");
        if (doctype >= 0 && doctype < rootElementStart(xml)) {
            throw new MalformedMessageException("message declares a DTD; WeCom never sends one");
        }
        try {
            JsonNode root = MAPPER.readTree(xml);
            if (root == null || !root.isObject()) {
                throw new MalformedMessageException("message is not an XML element with children");
            }
            return root;
        } catch (JacksonException e) {
            // The parser's message may quote the input; keep only its type.
            throw new MalformedMessageException("message is not well-formed XML ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    /** Where the first element starts (DOCTYPE can only come before it); length if none. */
    private static int rootElementStart(String xml) {
        for (int i = xml.indexOf('<'); i >= 0 && i + 1 < xml.length(); i = xml.indexOf('<', i + 1)) {
            char next = xml.charAt(i + 1);
            if (Character.isLetter(next) || next == '_' || next == ':') return i;
        }
        return xml.length();
    }

    /** The hardened StAX factory: no DTD processing, no external entities. */
    static XMLInputFactory hardenedInputFactory() {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        return factory;
    }

    private static XmlMapper newMapper() {
        XmlFactory factory = XmlFactory.builder().xmlInputFactory(hardenedInputFactory()).build();
        return new XmlMapper(factory);
    }
}
