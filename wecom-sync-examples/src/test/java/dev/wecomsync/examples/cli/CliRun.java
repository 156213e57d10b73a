package dev.wecomsync.examples.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One run of the command line: its exit code, everything it printed (standard output and error
 * together, in order) and what it printed on standard error alone.
 */
record CliRun(int exitCode, String output, String errors) {

    static CliRun run(Map<String, String> environment, String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errorBytes = new ByteArrayOutputStream();
        int code;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
                PrintStream err = new PrintStream(new Tee(out, errorBytes), true, StandardCharsets.UTF_8)) {
            code = WeComSyncCommand.commandLine(environment, out, err).execute(args);
        }
        return new CliRun(code, bytes.toString(StandardCharsets.UTF_8), errorBytes.toString(StandardCharsets.UTF_8));
    }

    /** Writes to both. */
    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws java.io.IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws java.io.IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            first.flush();
            second.flush();
        }
    }
}
