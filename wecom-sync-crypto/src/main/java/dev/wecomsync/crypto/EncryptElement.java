package dev.wecomsync.crypto;

import dev.wecomsync.crypto.CallbackCryptoException.Reason;
import java.io.StringReader;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads the {@code Encrypt} element of a WeCom callback POST body. Bodies in the plain shape WeCom
 * sends are read by {@link EnvelopeScanner} without a parser; every other body goes to the JDK's
 * StAX parser, which alone decides what it means. DTDs are refused outright (no entity is ever
 * expanded), so XXE and billion-laughs bodies fail at their DOCTYPE.
 *
 * <h2>Nothing of a body outlives the call</h2>
 * Each call makes its own factory and reader, and no reference to either leaves it. The JDK's
 * factory keeps the last reader it made, and that reader keeps its input; a factory cached
 * across calls (per thread or shared) would therefore keep the last body alive, and with the
 * JDK's {@code reuse-instance} property every body not read to its end, since the reused reader
 * stacks their inputs. For the same reason no parser exception is chained as a cause: its
 * location points back into the reader. A new factory costs less than the reader it makes.
 */
final class EncryptElement {

    private EncryptElement() {
    }

    static String read(String body) throws CallbackCryptoException {
        String plain = EnvelopeScanner.encryptOrNull(body);
        return plain != null ? plain : readWithParser(body);
    }

    /** The parser's reading of any body, WeCom's plain shape or not. */
    static String readWithParser(String body) throws CallbackCryptoException {
        XMLStreamReader reader = null;
        try {
            reader = newFactory().createXMLStreamReader(new StringReader(body));
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
        } catch (XMLStreamException e) {
            throw notWellFormed(e.getLocation());
        } catch (RuntimeException e) {
            throw notWellFormed(null);
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
        return factory;
    }

    /** Names where the body broke off (line and column only: never a piece of the body). */
    private static CallbackCryptoException notWellFormed(Location location) {
        String where = location == null || location.getLineNumber() < 0 ? ""
                : " at line " + location.getLineNumber() + ", column " + location.getColumnNumber();
        return new CallbackCryptoException(Reason.XML_INVALID, "the callback body is not well-formed XML" + where
                + "; expected <xml>…<Encrypt>…</Encrypt>…</xml>");
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
