package dev.wecomsync.redis.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A Lua script and its SHA-1, by which Redis caches it ({@code EVALSHA}). */
public record Script(String text, String sha1) {

    public static Script of(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
            return new Script(text, HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("SHA-1 is always available", e);
        }
    }

    /** Deletes {@code KEYS[1]} if its value is {@code ARGV[1]}; 1 if it did. */
    public static final Script COMPARE_AND_DELETE = of("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0
            """);
}
