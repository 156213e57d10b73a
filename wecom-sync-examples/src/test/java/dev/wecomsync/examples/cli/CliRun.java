package dev.wecomsync.examples.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One run of the command line: its exit code and everything it printed. */
record CliRun(int exitCode, String output) {

    static CliRun run(Map<String, String> environment, String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            code = WeComSyncCommand.commandLine(environment, out, out).execute(args);
        }
        return new CliRun(code, bytes.toString(StandardCharsets.UTF_8));
    }
}
