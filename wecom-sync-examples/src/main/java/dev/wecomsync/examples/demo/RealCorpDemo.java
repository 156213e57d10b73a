package dev.wecomsync.examples.demo;

import dev.wecomsync.client.WeComApiException;
import dev.wecomsync.client.WeComClient;
import dev.wecomsync.examples.console.ProgressDisplay;
import dev.wecomsync.examples.console.WeComSettings;
import dev.wecomsync.jdbc.JdbcSyncTarget;
import dev.wecomsync.sync.SyncReport;
import dev.wecomsync.sync.WeComSync;
import java.io.PrintStream;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The demo against a real corp: one full sync into the database, its report, and what the
 * database then holds. Callbacks need a public URL, so they are left to {@code wecom-sync serve}.
 */
final class RealCorpDemo {

    private final PrintStream out;
    private final DataSource dataSource;
    private final String databaseName;
    private final WeComSettings settings;

    RealCorpDemo(PrintStream out, DataSource dataSource, String databaseName, WeComSettings settings) {
        this.out = out;
        this.dataSource = dataSource;
        this.databaseName = databaseName;
        this.settings = settings;
    }

    DemoResult run() throws Exception {
        long start = System.nanoTime();
        JdbcSyncTarget target = JdbcSyncTarget.builder().dataSource(dataSource).createTables(true).build();
        WeComSync.Builder builder = WeComSync.builder()
                .client(client(settings.secret().orElseThrow()))
                .target(target);
        settings.contactSyncSecret().ifPresent(secret -> builder.contactSyncClient(client(secret)));
        out.println();
        out.println("[1/2] Full sync into " + databaseName);
        SyncReport report;
        try (ProgressDisplay progress = ProgressDisplay.forConsole(out)) {
            report = builder.listener(progress).build().fullSync();
        } catch (WeComApiException e) {
            out.println("      WeCom refused: " + e.getMessage());
            out.println("      Run `wecom-sync check` for advice on each secret.");
            throw e;
        }
        for (String line : report.toString().split("\n")) {
            out.println("      " + line);
        }
        DirectorySummary database = DirectorySummary.of(dataSource, target.tables());
        out.println();
        out.println("[2/2] The database now holds " + database);
        if (!settings.hasCallback()) {
            out.println("      Set WECOM_TOKEN and WECOM_ENCODING_AES_KEY and run `wecom-sync serve` to follow"
                    + " changes through callbacks.");
        } else {
            out.println("      Run `wecom-sync serve` to follow changes through callbacks.");
        }
        int exitCode = report.succeeded() ? 0 : 1;
        out.printf(java.util.Locale.ROOT, "%nDone in %.1f s, exit code %d.%n", (System.nanoTime() - start) / 1e9,
                exitCode);
        return new DemoResult(exitCode, report, Optional.empty(), database, Optional.empty());
    }

    private WeComClient client(String secret) {
        WeComClient.Builder b = WeComClient.builder().corpId(settings.corpId().orElseThrow()).secret(secret);
        settings.baseUrl().ifPresent(b::baseUrl);
        return b.build();
    }
}
