package dev.wecomsync.examples.cli;

import dev.wecomsync.callback.CallbackHandler;
import dev.wecomsync.crypto.CallbackCrypto;
import dev.wecomsync.examples.console.WeComSettings;
import dev.wecomsync.examples.jdbc.UrlDataSource;
import dev.wecomsync.jdbc.JdbcStoreException;
import dev.wecomsync.jdbc.JdbcSyncTarget;
import dev.wecomsync.server.CallbackServer;
import dev.wecomsync.sync.EventResult;
import dev.wecomsync.sync.ScheduledSync;
import dev.wecomsync.sync.WeComSync;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import javax.sql.DataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code wecom-sync serve}: the callback endpoint plus a periodic full sync, until stopped.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Answers WeCom's contact callbacks and runs a full sync periodically.",
                "Each callback event is stored in the database (table wecom_sync_inbox), answered at once, and",
                "applied by a worker, retried until it is; a full sync runs at start and then",
                "every --reconcile-every, the safety net for changes that send no callback. Needs WECOM_TOKEN and",
                "WECOM_ENCODING_AES_KEY. Serves plain HTTP: put TLS in front of it. Stops on Ctrl-C."})
final class ServeCommand implements Callable<Integer> {

    @ParentCommand
    WeComSyncCommand root;

    @Mixin
    ConfigOption config;

    @Mixin
    DatabaseOptions database;

    @Option(names = "--port", defaultValue = "8080", description = "Port to listen on (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", defaultValue = "0.0.0.0", paramLabel = "ADDRESS",
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--path", defaultValue = "/wecom/callback",
            description = "The callback URL's path (default: ${DEFAULT-VALUE}).")
    String path;

    @Option(names = "--reconcile-every", defaultValue = "1h", paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Time between full syncs, like 30m, 1h, 1d (default: ${DEFAULT-VALUE}).")
    Duration reconcileEvery;

    /** Counted down to stop; tests count it down instead of sending a signal. */
    final CountDownLatch stop = new CountDownLatch(1);

    @Override
    public Integer call() throws InterruptedException {
        PrintStream out = root.out();
        WeComSettings settings = root.settings(config.file);
        Optional<String> missing = CorpClients.missing(settings);
        if (missing.isEmpty() && !settings.hasCallback()) {
            missing = Optional.of("WECOM_TOKEN and WECOM_ENCODING_AES_KEY (the callback's Token and"
                    + " EncodingAESKey) must be set for serve.");
        }
        if (missing.isPresent()) {
            out.println("error: " + missing.get());
            return WeComSyncCommand.USAGE;
        }
        CorpClients corp = CorpClients.of(settings);
        CallbackCrypto crypto;
        try {
            crypto = CallbackCrypto.of(settings.token().orElseThrow(), settings.encodingAesKey().orElseThrow(),
                    corp.corpId());
        } catch (IllegalArgumentException e) {
            out.println("error: " + e.getMessage());
            return WeComSyncCommand.USAGE;
        }
        DataSource dataSource = database.dataSource();
        try {
            return serve(out, corp, crypto, dataSource);
        } finally {
            DatabaseOptions.close(dataSource);
        }
    }

    private int serve(PrintStream out, CorpClients corp, CallbackCrypto crypto, DataSource dataSource)
            throws InterruptedException {
        JdbcSyncTarget target;
        try {
            target = JdbcSyncTarget.builder().dataSource(dataSource).tablePrefix(database.tablePrefix)
                    .createTables(true).build();
        } catch (JdbcStoreException e) {
            out.println("Database error: " + e.getMessage());
            return WeComSyncCommand.FAILED;
        }
        WeComSync.Builder builder = WeComSync.builder().client(corp.app()).target(target);
        corp.contactSync().ifPresent(builder::contactSyncClient);
        WeComSync sync = builder.build();
        CallbackHandler handler = CallbackHandler.builder()
                .crypto(crypto)
                .onEvent(event -> {
                    EventResult result = sync.apply(event);
                    out.println(LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + " " + result.outcome() + " "
                            + result.kind().map(Enum::name).orElse("") + " " + result.id()
                            + result.renamedFrom().map(old -> " (renamed from " + old + ")").orElse("")
                            + ": " + result.detail());
                })
                .inbox(ServeInbox.on(dataSource)).inboxListener(new ServeInbox(out))
                .build();
        handler.retryParked(); // a restart retries what an earlier run parked
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "wecom-sync-reconcile");
            t.setDaemon(true);
            return t;
        });
        try (CallbackServer server = CallbackServer.start(new InetSocketAddress(bind, port), path, handler)) {
            out.println("Listening on http://" + bind + ":" + server.port() + path + " for corp " + corp.corpId()
                    + "; database " + UrlDataSource.redacted(database.jdbcUrl));
            out.println("Full sync now and every " + reconcileEvery.toString().substring(2).toLowerCase(java.util.Locale.ROOT)
                    + ". Ctrl-C to stop.");
            ScheduledSync scheduled = sync.schedule(scheduler, reconcileEvery);
            Thread hook = new Thread(stop::countDown, "wecom-sync-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                stop.await();
            } finally {
                scheduled.cancel();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the JVM is stopping: the hook already ran
                }
            }
            scheduled.lastReport().ifPresent(report -> out.println("Last full sync: " + report));
        } finally {
            scheduler.shutdownNow();
            handler.close();
        }
        out.println("Stopped.");
        return 0;
    }
}
