package dev.wecomsync.examples.cli;

import dev.wecomsync.examples.console.WeComSettings;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code wecom-sync}, the command-line tool: {@code sync}, {@code serve}, {@code check},
 * {@code deletions}, {@code history} and {@code demo}. Built by {@code mvn package} as {@code wecom-sync-examples/target/wecom-sync.jar}:
 *
 * <pre>
 * export WECOM_CORP_ID=ww... WECOM_SECRET=...
 * java -jar wecom-sync.jar check
 * java -jar wecom-sync.jar sync --jdbc-url jdbc:postgresql://db/app?user=app
 * </pre>
 *
 * <p>Exit codes: 0 success, 1 the work ran but something failed (see the output), 2 bad usage
 * or configuration.
 */
@Command(name = "wecom-sync",
        mixinStandardHelpOptions = true,
        version = "wecom-sync 0.1.0-SNAPSHOT",
        description = "Keeps a database's departments and users in step with a WeCom (企业微信) organisation.",
        subcommands = {SyncCommand.class, ServeCommand.class, CheckCommand.class, DeletionsCommand.class,
                DemoCommand.class, HistoryCommand.class,
                CommandLine.HelpCommand.class},
        footerHeading = "%nCredentials%n",
        footer = {
                "Never on the command line: from environment variables, or from a properties file given with",
                "--config (environment variables win).",
                "  WECOM_CORP_ID              the corp id (ww... or wx...)",
                "  WECOM_SECRET               an app's secret",
                "  WECOM_CONTACT_SYNC_SECRET  the Contacts Sync secret (optional)",
                "  WECOM_TOKEN                the callback Token (serve)",
                "  WECOM_ENCODING_AES_KEY     the callback EncodingAESKey (serve)",
                "  WECOM_BASE_URL             the API host (default https://qyapi.weixin.qq.com/)",
                "Keys in the file: wecom.corp-id, wecom.secret, wecom.contact-sync-secret, wecom.token,",
                "wecom.encoding-aes-key, wecom.base-url."})
public final class WeComSyncCommand implements Runnable {

    /** Exit code when the work ran but something failed. */
    static final int FAILED = 1;
    /** Exit code for bad usage or missing configuration. */
    static final int USAGE = 2;

    private final Map<String, String> environment;
    private final PrintStream out;

    @Spec
    CommandSpec spec;

    WeComSyncCommand(Map<String, String> environment, PrintStream out) {
        this.environment = Objects.requireNonNull(environment, "environment == null");
        this.out = Objects.requireNonNull(out, "out == null");
    }

    public static void main(String[] args) {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        System.exit(commandLine(System.getenv(), System.out, System.err).execute(args));
    }

    /** The command line over these streams and this environment; {@code execute(args)} runs it. */
    public static CommandLine commandLine(Map<String, String> environment, PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(new WeComSyncCommand(environment, out));
        cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
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

    /** The settings from the environment and, when given, the properties file. */
    WeComSettings settings(Path configFile) {
        return WeComSettings.load(environment, configFile);
    }
}
