package dev.wecomsync.examples.demo;

import dev.wecomsync.examples.console.WeComSettings;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The demo: README command 1. Syncs a simulated WeCom corp of 2,000 users into an H2 database
 * file, keeps it in step through encrypted callbacks, and proves that the database equals the
 * corp. With {@code WECOM_CORP_ID} and {@code WECOM_SECRET} set (see {@link WeComSettings}) it
 * syncs that real corp instead.
 *
 * <pre>
 * mvn -B -ntp -Pdemo package -DskipTests
 * </pre>
 *
 * <p>Exits 0 when the database equals the source, 1 when it does not, 2 on an error.
 */
public final class Demo {

    private Demo() {
    }

    /** {@code args[0]}: the folder for the database; default {@code target/wecom-demo}. */
    public static void main(String[] args) {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        Path folder = Path.of(args.length > 0 ? args[0] : "target/wecom-demo");
        int exitCode;
        try {
            exitCode = run(System.out, folder, System.getenv()).exitCode();
        } catch (Exception e) {
            System.out.println();
            System.out.println("The demo failed: " + e);
            exitCode = 2;
        }
        System.out.flush();
        if (exitCode != 0) {
            System.exit(exitCode);
        }
    }

    /**
     * Runs the demo, printing to {@code out}, with a fresh H2 database in {@code folder}. Uses the
     * real corp when {@code environment} configures one, else the simulator.
     */
    public static DemoResult run(PrintStream out, Path folder, Map<String, String> environment) throws Exception {
        Files.createDirectories(folder);
        Path file = folder.toAbsolutePath().resolve("wecom");
        Files.deleteIfExists(folder.resolve("wecom.mv.db"));
        Files.deleteIfExists(folder.resolve("wecom.trace.db"));
        String url = "jdbc:h2:file:" + file;
        JdbcConnectionPool pool = JdbcConnectionPool.create(url, "sa", "");
        try {
            WeComSettings settings = WeComSettings.load(environment, null);
            out.println("wecom-sync demo: " + (settings.hasCorp()
                    ? "your WeCom corp " + settings.corpId().orElseThrow() + ", synced into H2"
                    : "a simulated WeCom corp synced into H2, then kept in step by callbacks"));
            DemoResult result = settings.hasCorp()
                    ? new RealCorpDemo(out, pool, url, settings).run()
                    : new SimulatedDemo(out, pool, url).run();
            out.println("Explore the database: java -cp " + h2Jar() + " org.h2.tools.Shell -url " + url
                    + " -user sa -sql \"SELECT userid, name, status FROM wecom_user LIMIT 5\"");
            return result;
        } finally {
            pool.dispose();
        }
    }

    /** Where H2's classes come from (its jar, or the tool's shaded jar). */
    private static String h2Jar() {
        java.net.URL self = org.h2.Driver.class.getResource("Driver.class");
        String url = self == null ? "" : self.toString();
        if (url.startsWith("jar:file:") && url.contains("!/")) {
            try {
                return Path.of(java.net.URI.create(url.substring(4, url.indexOf("!/")))).toString();
            } catch (RuntimeException e) {
                return "h2.jar";
            }
        }
        return "h2.jar";
    }
}
