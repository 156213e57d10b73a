package dev.wecomsync.examples.cli;

import dev.wecomsync.examples.console.WeComSettings;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code wecom-sync}, the command-line tool: {@code sync}, {@code serve}, {@code check},
 * {@code deletions}, {@code history} and {@code demo}; each but {@code demo} also against a simulated corp
 * ({@code --simulate USERS}). Built by {@code mvn package} as {@code wecom-sync-examples/target/wecom-sync.jar}:
 *
 * <pre>
 * export WECOM_CORP_ID=ww... WECOM_SECRET=...
 * java -jar wecom-sync.jar check
 * java -jar wecom-sync.jar sync --jdbc-url jdbc:postgresql://db/app?user=app
 * </pre>
 *
 * <p>Exit codes: 0 success, 1 the work ran but something failed (see the output), 2 bad usage
 * or configuration. A failure prints one line ({@link Failures}); {@code --verbose} adds its stack
 * trace.
 */
@Command(name = "wecom-sync",
        mixinStandardHelpOptions = true,
        version = "wecom-sync 0.1.0-SNAPSHOT",
        description = "Keeps a database's departments and users in step with a WeCom (企业微信) organisation.",
        subcommands = {SyncCommand.class, ServeCommand.class, CheckCommand.class, DeletionsCommand.class,
                DemoCommand.class, HistoryCommand.class,
                CommandLine.HelpCommand.class},
        footerHeading = "%nEnvironment variables%n",
        footer = {
                "Credentials never come from the command line: from these variables, or",
                "from a properties file given with --config (keys in brackets; the variables",
                "win).",
                "  WECOM_CORP_ID              the corp id, ww... [wecom.corp-id]",
                "  WECOM_SECRET               an app's secret [wecom.secret]",
                "  WECOM_CONTACT_SYNC_SECRET  the Contacts Sync secret, optional",
                "                             [wecom.contact-sync-secret]",
                "  WECOM_TOKEN                the callback Token, for serve [wecom.token]",
                "  WECOM_ENCODING_AES_KEY     the callback EncodingAESKey, for serve",
                "                             [wecom.encoding-aes-key]",
                "  WECOM_BASE_URL             the API host, ending in /, default",
                "                             https://qyapi.weixin.qq.com/ [wecom.base-url]",
                "  WECOM_SYNC_JDBC_URL        the default for --jdbc-url",
                "  CI, TERM                   progress as plain lines when CI is set or",
                "                             TERM=dumb",
                "",
                "Exit codes: 0 success; 1 the work ran but something failed; 2 bad usage or",
                "configuration. A failure prints one line that says what to fix; --verbose",
                "adds its stack trace.",
                "",
                "Try any command without a corp: --simulate USERS runs it against a simulated",
                "corp in this process."})
public final class WeComSyncCommand implements Runnable {

    /** Exit code when the work ran but something failed. */
    static final int FAILED = 1;
    /** Exit code for bad usage or missing configuration. */
    static final int USAGE = 2;

    private final Map<String, String> environment;
    private final PrintStream out;

    @Spec
    CommandSpec spec;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Print the stack trace of a failure, not just its one line.")
    boolean verbose;

    /** Values never to print: the configured secrets, and JDBC URLs (which may hold passwords). */
    private final Set<String> secrets = ConcurrentHashMap.newKeySet();
    private final Set<String> urls = ConcurrentHashMap.newKeySet();

    WeComSyncCommand(Map<String, String> environment, PrintStream out) {
        this.environment = Objects.requireNonNull(environment, "environment == null");
        this.out = Objects.requireNonNull(out, "out == null");
        for (String name : List.of("WECOM_SECRET", "WECOM_CONTACT_SYNC_SECRET", "WECOM_TOKEN",
                "WECOM_ENCODING_AES_KEY")) {
            secret(environment.get(name));
        }
        url(environment.get("WECOM_SYNC_JDBC_URL"));
    }

    public static void main(String[] args) {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        System.exit(commandLine(System.getenv(), System.out, System.err).execute(args));
    }

    /** The command line over these streams and this environment; {@code execute(args)} runs it. */
    public static CommandLine commandLine(Map<String, String> environment, PrintStream out, PrintStream err) {
        WeComSyncCommand root = new WeComSyncCommand(environment, out);
        CommandLine cli = new CommandLine(root);
        cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        Failures failures = new Failures(root);
        cli.setExecutionExceptionHandler(failures);
        cli.setParameterExceptionHandler(failures);
        cli.setUsageHelpAutoWidth(true);
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(out);
    }

    PrintStream out() {
        return out;
    }

    Map<String, String> environment() {
        return environment;
    }

    /**
     * The settings from the environment and, when given, the properties file.
     *
     * @throws UsageException when the file is missing, a folder or unreadable
     */
    WeComSettings settings(Path configFile) {
        if (configFile != null) {
            if (Files.isDirectory(configFile)) {
                throw new UsageException("--config " + configFile + " is a folder: give a properties file with"
                        + " wecom.corp-id=..., wecom.secret=...");
            }
            if (!Files.isRegularFile(configFile)) {
                throw new UsageException("--config " + configFile + " does not exist: give a properties file with"
                        + " wecom.corp-id=..., wecom.secret=... (or set WECOM_CORP_ID and WECOM_SECRET)");
            }
        }
        WeComSettings settings;
        try {
            settings = WeComSettings.load(environment, configFile);
        } catch (UncheckedIOException | IllegalArgumentException e) {
            throw new UsageException("cannot read --config " + configFile + " as a properties file: "
                    + (e.getCause() == null ? e.getMessage() : e.getCause().toString()), e);
        }
        settings.secret().ifPresent(this::secret);
        settings.contactSyncSecret().ifPresent(this::secret);
        settings.token().ifPresent(this::secret);
        settings.encodingAesKey().ifPresent(this::secret);
        return settings;
    }

    /** Marks a value never to print. */
    void secret(String value) {
        if (value != null && value.strip().length() >= 4) {
            secrets.add(value.strip());
        }
    }

    /** Marks a JDBC URL to print only {@link DatabasePool#redacted redacted}. */
    void url(String value) {
        if (value != null && !value.isBlank()) {
            urls.add(value);
        }
    }

    /** {@code text} with every secret replaced by "(secret)" and every JDBC URL redacted. */
    String redact(String text) {
        String safe = text;
        for (String url : urls) {
            safe = safe.replace(url, DatabasePool.redacted(url));
        }
        for (String secret : secrets) {
            safe = safe.replace(secret, "(secret)");
        }
        return safe;
    }
}
