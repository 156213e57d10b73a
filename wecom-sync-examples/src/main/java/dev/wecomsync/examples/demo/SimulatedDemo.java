package dev.wecomsync.examples.demo;

import dev.wecomsync.callback.CallbackHandler;
import dev.wecomsync.client.WeComClient;
import dev.wecomsync.crypto.CallbackCrypto;
import dev.wecomsync.examples.console.ProgressDisplay;
import dev.wecomsync.jdbc.JdbcSyncTarget;
import dev.wecomsync.server.CallbackServer;
import dev.wecomsync.sync.EventResult;
import dev.wecomsync.sync.SyncReport;
import dev.wecomsync.sync.WeComSync;
import dev.wecomsync.testkit.CallbackSender;
import dev.wecomsync.testkit.EventForm;
import dev.wecomsync.testkit.Org;
import dev.wecomsync.testkit.UrlVerification;
import dev.wecomsync.testkit.WeComSimulator;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Optional;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.sql.DataSource;

/**
 * The demo against a {@link WeComSimulator}: full sync, callbacks, a burst of changes, a
 * reconciling full sync, and the proof that the database equals the simulated org.
 */
final class SimulatedDemo {

    static final int USERS = 2_000;
    static final int DEPARTMENTS = 120;
    static final long SEED = 7;
    static final String CALLBACK_PATH = "/wecom/callback";
    private static final String APP_SECRET = "demo-app-secret";
    private static final String CONTACT_SYNC_SECRET = "demo-contact-sync-secret";
    private static final String TOKEN = "wecomSyncDemo";

    private final PrintStream out;
    private final DataSource dataSource;
    private final String databaseName;

    SimulatedDemo(PrintStream out, DataSource dataSource, String databaseName) {
        this.out = out;
        this.dataSource = dataSource;
        this.databaseName = databaseName;
    }

    DemoResult run() throws Exception {
        long start = System.nanoTime();
        try (WeComSimulator sim = WeComSimulator.builder().seed(SEED)
                .org(Org.generate(USERS, DEPARTMENTS, SEED)).build()) {
            sim.addContactSyncSecret(CONTACT_SYNC_SECRET).restrictDetailApis();
            sim.addAppSecret(APP_SECRET).createdAfterJune2022();
            heading(1, "Simulated corp " + sim.corpId() + " at " + sim.baseUrl());
            out.printf(Locale.ROOT, "      %,d users in %,d departments%n", sim.org().userCount(),
                    sim.org().departmentCount());
            out.println("      Contacts Sync secret: ids and structure only (48009 on details, as for an IP added"
                    + " after 2022-08-15)");
            out.println("      app secret: created after 2022-06-20 (no mobile, email, gender, avatar, address)");

            JdbcSyncTarget target = JdbcSyncTarget.builder().dataSource(dataSource).createTables(true).build();
            ProgressDisplay progress = ProgressDisplay.forConsole(out);
            WeComSync sync = WeComSync.builder()
                    .client(client(sim, APP_SECRET))
                    .contactSyncClient(client(sim, CONTACT_SYNC_SECRET))
                    .target(target)            // also the state store: JdbcSyncTarget implements SyncStateStore
                    .listener(progress)
                    .build();
            heading(2, "Full sync into " + databaseName);
            SyncReport fullSync;
            try (progress) {
                fullSync = sync.fullSync();
            }
            report(fullSync);

            String aesKey = encodingAesKey(new Random(SEED));
            Queue<String> applied = new ConcurrentLinkedQueue<>();
            CallbackHandler handler = CallbackHandler.builder()
                    .crypto(CallbackCrypto.of(TOKEN, aesKey, sim.corpId()))
                    .onEvent(event -> {
                        EventResult result = sync.apply(event);
                        applied.add(EventLine.of(event, result));
                    })
                    .build();
            try (CallbackServer server = CallbackServer.start(new InetSocketAddress("127.0.0.1", 0), CALLBACK_PATH,
                    handler);
                    CallbackSender sender = sim.callbacks(server.uri().toString(), TOKEN, aesKey)) {
                heading(3, "Callback endpoint " + server.uri());
                UrlVerification verification = sender.verifyUrl();
                out.println("      URL verification by the simulator: "
                        + (verification.passed() ? "passed (echoed " + verification.body() + ")"
                                : "FAILED (HTTP " + verification.status() + ")"));
                heading(4, "A burst of changes, each delivered as WeCom would (encrypted, skeleton form)");
                sender.emitChanges(EventForm.SKELETON);
                new ChangeBurst(sim.org(), sender, out, applied).run();
                sender.stopEmitting();
                if (!verification.passed()) {
                    return finish(start, fullSync, Optional.empty(), sim.org(), target);
                }
            }

            heading(5, "Reconcile: a full sync catches what the callbacks did not carry");
            SyncReport reconcile;
            try (progress) {
                reconcile = sync.fullSync();
            }
            report(reconcile);
            return finish(start, fullSync, Optional.of(reconcile), sim.org(), target);
        }
    }

    private DemoResult finish(long start, SyncReport fullSync, Optional<SyncReport> reconcile, Org org,
            JdbcSyncTarget target) throws Exception {
        DirectorySummary database = DirectorySummary.of(dataSource, target.tables());
        DirectorySummary expected = DirectorySummary.of(org);
        out.println();
        out.println("Proof");
        out.println("      database:  " + database);
        out.println("      simulator: " + expected);
        boolean match = database.checksum().equals(expected.checksum());
        boolean clean = fullSync.succeeded() && reconcile.map(SyncReport::succeeded).orElse(false);
        if (match) {
            out.println("      MATCH: the database holds exactly the simulator's departments and users.");
        } else {
            out.println("      MISMATCH: the database differs from the simulator's org:");
            database.differences(expected, 10).forEach(line -> out.println("        " + line));
        }
        if (!clean) {
            out.println("      a sync reported failures (see above).");
        }
        int exitCode = match && clean ? 0 : 1;
        out.printf(Locale.ROOT, "%nDone in %.1f s, exit code %d.%n", (System.nanoTime() - start) / 1e9, exitCode);
        return new DemoResult(exitCode, fullSync, reconcile, database, Optional.of(expected));
    }

    private void heading(int step, String title) {
        out.println();
        out.println("[" + step + "/5] " + title);
    }

    private void report(SyncReport report) {
        for (String line : report.toString().split("\n")) {
            out.println("      " + line);
        }
    }

    private static WeComClient client(WeComSimulator sim, String secret) {
        return WeComClient.builder().corpId(sim.corpId()).secret(secret).baseUrl(sim.baseUrl()).build();
    }

    /** A random EncodingAESKey: 43 letters and digits, as the admin console generates. */
    static String encodingAesKey(Random random) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder key = new StringBuilder(43);
        for (int i = 0; i < 43; i++) {
            key.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return key.toString();
    }
}
