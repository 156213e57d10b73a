package dev.wecomsync.examples.cli;

import dev.wecomsync.client.WeComException;
import dev.wecomsync.client.WeComIoException;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The command line's one place for failures. A usage or configuration mistake (a bad option, a
 * missing or unreadable {@code --config}, a URL that cannot work) prints one line saying what to
 * fix and exits 2; a failure while working (WeCom refused, the database failed) prints one line and
 * exits 1. Stack traces only with {@code --verbose}. Every line passes {@link WeComSyncCommand#redact},
 * so no configured secret or JDBC password is printed.
 */
final class Failures implements IExecutionExceptionHandler, IParameterExceptionHandler {

    private final WeComSyncCommand root;

    Failures(WeComSyncCommand root) {
        this.root = root;
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println(root.redact(oneLine("error: " + e.getMessage() + " (see `"
                + command.getCommandSpec().qualifiedName() + " --help`)")));
        if (Arrays.asList(args).contains("--verbose")) {
            e.printStackTrace(err);
        }
        err.flush();
        return WeComSyncCommand.USAGE;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parseResult) {
        PrintWriter err = command.getErr();
        boolean verbose = root.verbose || Arrays.asList(parseResult.originalArgs()).contains("--verbose");
        boolean usage = isUsage(e);
        String line = "error: " + describe(e);
        if (!usage && !verbose) {
            line += " (--verbose shows the stack trace)";
        }
        err.println(root.redact(oneLine(line)));
        if (verbose) {
            err.println(root.redact(stackTrace(e)));
        }
        err.flush();
        return usage ? WeComSyncCommand.USAGE : WeComSyncCommand.FAILED;
    }

    static boolean isUsage(Throwable e) {
        return e instanceof UsageException || e instanceof ParameterException;
    }

    /** What went wrong, for people: the exception's message with what it was about. */
    static String describe(Throwable e) {
        if (isUsage(e)) {
            return e.getMessage();
        }
        String type = e.getClass().getName();
        Throwable sql = find(e, SQLException.class);
        if (sql != null || e instanceof DatabasePool.DatabaseUnavailableException
                || type.startsWith("dev.wecomsync.jdbc.")) {
            String message = e.getMessage();
            if (sql != null && sql != e && (message == null || !message.contains(String.valueOf(sql.getMessage())))) {
                message = (message == null ? "" : message + ": ") + sql.getMessage();
            }
            return "database error: " + message;
        }
        if (e instanceof WeComIoException) {
            return "cannot reach WeCom: " + e.getMessage() + "; check the network, DNS and proxy (WECOM_BASE_URL)";
        }
        if (e instanceof WeComException) {
            return "WeCom refused: " + e.getMessage() + "; `wecom-sync check` explains what to change";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    /** The first cause of this type in the chain, {@code e} included; null when none. */
    static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String oneLine(String text) {
        return text.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    private static String stackTrace(Throwable e) {
        java.io.StringWriter text = new java.io.StringWriter();
        e.printStackTrace(new PrintWriter(text));
        return text.toString().stripTrailing();
    }
}
