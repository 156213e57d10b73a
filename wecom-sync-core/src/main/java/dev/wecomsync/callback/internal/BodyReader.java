package dev.wecomsync.callback.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads a request body without ever holding more than the limit plus one buffer. */
public final class BodyReader {
    private BodyReader() {}

    /** The whole stream, or null as soon as it turns out to be longer than {@code limit} bytes. */
    public static byte[] readAtMost(InputStream in, int limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(limit, 8192));
        byte[] buffer = new byte[8192];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) != -1) {
            total += n;
            if (total > limit) return null;
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }
}
