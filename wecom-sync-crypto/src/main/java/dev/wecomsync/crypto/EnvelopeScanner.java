package dev.wecomsync.crypto;

/**
 * Reads the {@code Encrypt} value of a callback body in the one shape WeCom sends, without an XML
 * parser: {@code <xml>} holding flat child elements whose content is plain text or one CDATA
 * section, and nothing else. For such a body the answer is exactly what {@link EncryptElement}'s
 * parser would give; for anything else (a declaration, comment, DTD, entity, attribute, namespace
 * prefix, nested element, control character, a value that is not Base64, a body not closed
 * properly) it answers {@code null} and the caller hands the body to the parser, which decides.
 *
 * <p>It keeps nothing: no buffer, cache or thread-local outlives a call.
 */
final class EnvelopeScanner {
    private static final String CDATA_OPEN = "<![CDATA[";
    private static final String CDATA_CLOSE = "]]>";

    private final String body;
    private int pos;
    private boolean selfClosed; // whether the last start tag read was <name/>

    private EnvelopeScanner(String body) {
        this.body = body;
    }

    /** The stripped {@code Encrypt} value, or {@code null} when the body is not in WeCom's plain shape. */
    static String encryptOrNull(String body) {
        return new EnvelopeScanner(body).scan();
    }

    private String scan() {
        skipWhitespace();
        String root = startTag();
        if (root == null) return null;
        String encrypt = null;
        while (true) {
            skipWhitespace();
            if (body.startsWith("</", pos)) break;
            String child = startTag();
            if (child == null) return null;
            String content;
            if (selfClosed) {
                content = "";
            } else {
                content = content();
                if (content == null || !endTag(child)) return null;
            }
            if (encrypt == null && child.equals("Encrypt")) {
                if (!isBase64(content)) return null;
                encrypt = content.strip();
            }
        }
        if (!endTag(root)) return null;
        skipWhitespace();
        if (pos != body.length() || encrypt == null || encrypt.isEmpty()) return null;
        return encrypt;
    }

    /** {@code <name>} or {@code <name/>} with an ASCII name and no attributes; the name, or null. */
    private String startTag() {
        selfClosed = false;
        if (pos >= body.length() || body.charAt(pos) != '<') return null;
        pos++;
        String name = name();
        if (name == null) return null;
        skipWhitespace();
        if (body.startsWith("/>", pos)) {
            selfClosed = true;
            pos += 2;
            return name;
        }
        if (pos >= body.length() || body.charAt(pos) != '>') return null;
        pos++;
        return name;
    }

    /** {@code </name>} matching {@code name}, optionally with whitespace before {@code >}. */
    private boolean endTag(String name) {
        if (!body.startsWith("</", pos)) return false;
        pos += 2;
        if (!body.startsWith(name, pos)) return false;
        pos += name.length();
        skipWhitespace();
        if (pos >= body.length() || body.charAt(pos) != '>') return false;
        pos++;
        return true;
    }

    private String name() {
        int start = pos;
        while (pos < body.length() && isNameChar(body.charAt(pos), pos == start)) pos++;
        return pos == start ? null : body.substring(start, pos);
    }

    /** Plain text, or whitespace around one CDATA section; null for anything else. */
    private String content() {
        int start = pos;
        while (pos < body.length() && body.charAt(pos) != '<') {
            char c = body.charAt(pos);
            if (c == '&' || !isPlainChar(c)) return null;
            pos++;
        }
        if (!body.startsWith(CDATA_OPEN, pos)) {
            String text = body.substring(start, pos);
            return text.contains(CDATA_CLOSE) ? null : text;
        }
        if (!body.substring(start, pos).isBlank()) return null;
        int open = pos + CDATA_OPEN.length();
        int close = body.indexOf(CDATA_CLOSE, open);
        if (close < 0) return null;
        for (int i = open; i < close; i++) {
            if (!isPlainChar(body.charAt(i))) return null;
        }
        String cdata = body.substring(open, close);
        pos = close + CDATA_CLOSE.length();
        skipWhitespace();
        return cdata;
    }

    private void skipWhitespace() {
        while (pos < body.length() && isWhitespace(body.charAt(pos))) pos++;
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n';
    }

    /** Characters whose meaning is the same in every XML reading: no CR (line-end normalisation), no surrogates. */
    private static boolean isPlainChar(char c) {
        return c == '\t' || c == '\n' || (c >= 0x20 && c < 0xD800) || (c >= 0xE000 && c < 0xFFFE && c != 0xFEFF);
    }

    private static boolean isNameChar(char c, boolean first) {
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_') return true;
        return !first && ((c >= '0' && c <= '9') || c == '-' || c == '.');
    }

    private static boolean isBase64(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '+' || c == '/' || c == '=' || isWhitespace(c);
            if (!ok) return false;
        }
        return true;
    }
}
