package dev.wecomsync.crypto;

import dev.wecomsync.crypto.CallbackCryptoException.Reason;
import java.io.StringReader;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads the {@code Encrypt} element of a WeCom callback POST body with the JDK's StAX parser.
 * DTDs are refused outright (no entity is ever expanded), so XXE and billion-laughs bodies fail
 * at their DOCTYPE.
 */
final class EncryptElement {

    private static final ThreadLocal<XMLInputFactory> FACTORY = ThreadLocal.withInitial(EncryptElement::newFactory);

    private EncryptElement() {
    }

    static String read(String body) throws CallbackCryptoException {
        XMLStreamReader reader = null;
        try {
            reader = FACTORY.get().createXMLStreamReader(new StringReader(body));
            int depth = 0;
            while (reader.hasNext()) {
                int event = reader.next();
                switch (event) {
                    case XMLStreamConstants.DTD, XMLStreamConstants.ENTITY_REFERENCE ->
                        throw new CallbackCryptoException(Reason.XML_INVALID,
                                "the callback body declares a DTD or an entity; WeCom never sends one, so it is refused");
                    case XMLStreamConstants.START_ELEMENT -> {
                        depth++;
                        if (depth == 2 && "Encrypt".equals(reader.getLocalName())) {
                            String value = reader.getElementText().strip();
                            if (value.isEmpty()) {
                                throw new CallbackCryptoException(Reason.XML_INVALID,
                                        "the callback body's Encrypt element is empty");
                            }
                            return value;
                        }
                    }
                    case XMLStreamConstants.END_ELEMENT -> depth--;
                    default -> {
                        // text, comments, processing instructions: nothing to do
                    }
                }
            }
        } catch (XMLStreamException | RuntimeException e) {
            throw new CallbackCryptoException(Reason.XML_INVALID,
                    "the callback body is not well-formed XML; expected <xml>…<Encrypt>…</Encrypt>…</xml>", e);
        } finally {
            close(reader);
        }
        throw new CallbackCryptoException(Reason.XML_INVALID,
                "the callback body has no Encrypt element under its root; expected <xml>…<Encrypt>…</Encrypt>…</xml>");
    }

    private static XMLInputFactory newFactory() {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        try {
            // The JDK's parser can reset and reuse its reader instead of building a new one per
            // body; safe here because each thread has its own factory and closes every reader.
            factory.setProperty("reuse-instance", true);
        } catch (IllegalArgumentException notTheJdkParser) {
            // another StAX implementation: a new reader per body
        }
        return factory;
    }

    private static void close(XMLStreamReader reader) {
        if (reader != null) {
            try {
                reader.close();
            } catch (XMLStreamException ignored) {
                // nothing was holding a resource: the input is a string
            }
        }
    }
}
