package dev.wecomsync.callback.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Parses a raw (still percent-encoded) query string such as
 * {@code msg_signature=..&timestamp=..&nonce=..&echostr=P9n%2Fq..%3D%3D}.
 *
 * <p>Each name and value is percent-decoded exactly once, as UTF-8. A {@code '+'} stays a
 * {@code '+'}: WeCom encodes a plus in Base64 as {@code %2B}, and none of the values WeCom signs
 * (hex signature, digits, nonce, Base64 echostr) can contain a space, so reading {@code '+'} as a
 * space (the HTML-form convention) could only corrupt a value that a proxy or a test sent
 * unencoded. A malformed escape, invalid UTF-8 or a repeated parameter is refused.
 */
public final class QueryString {
    private QueryString() {}

    /** Decoded parameters; names are case-sensitive. */
    public static Map<String, String> parse(String rawQuery) throws MalformedMessageException {
        Map<String, String> params = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) return params;
        for (String pair : rawQuery.split("&", -1)) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (params.putIfAbsent(name, value) != null) {
                // The name is the client's: the message (which is logged) keeps only its start.
                throw new MalformedMessageException("query parameter repeated: "
                        + (name.length() <= 40 ? name : name.substring(0, 40) + "…"));
            }
        }
        return params;
    }

    static String decode(String s) throws MalformedMessageException {
        if (s.indexOf('%') < 0) return s;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        int i = 0;
        while (i < s.length()) {
            int percent = s.indexOf('%', i);
            if (percent != i) {
                int end = percent < 0 ? s.length() : percent;
                bytes.writeBytes(s.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end;
                continue;
            }
            if (i + 2 >= s.length()) throw new MalformedMessageException("truncated percent escape");
            int hi = Character.digit(s.charAt(i + 1), 16);
            int lo = Character.digit(s.charAt(i + 2), 16);
            if (hi < 0 || lo < 0) throw new MalformedMessageException("malformed percent escape");
            bytes.write(hi << 4 | lo);
            i += 3;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MalformedMessageException("percent escapes are not UTF-8");
        }
    }
}
