package dev.wecomsync.examples.cli;

import dev.wecomsync.callback.CallbackHandler;
import dev.wecomsync.crypto.CallbackCrypto;
import dev.wecomsync.examples.console.WeComSettings;
import dev.wecomsync.jdbc.JdbcSyncTarget;
import dev.wecomsync.server.CallbackServer;
import dev.wecomsync.sync.SyncInProgressException;
import dev.wecomsync.sync.WeComSync;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code wecom-sync serve}: the callback endpoint plus a periodic full sync, until stopped.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Answers WeCom's contact callbacks and runs a full sync periodically.",
                "Each callback event is stored in the database (table wecom_sync_inbox), answered at once, and"
                        + " applied by a worker, retried until it is; a full sync runs at start and then every"
                        + " --reconcile-every, the safety net for changes that send no callback. Prints one line per"
                        + " applied event and one per full sync. Needs WECOM_TOKEN and WECOM_ENCODING_AES_KEY (or"
                        + " --simulate). Serves plain HTTP: put TLS in front of it. Stops on Ctrl-C."})
final class ServeCommand implements Callable<Integer> {

    @ParentCommand
    WeComSyncCommand root;

    @Mixin
    ConfigOption config;

    @Mixin
    DatabaseOptions database;

    @Option(names = "--port", defaultValue = "8080", paramLabel = "PORT",
            description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", defaultValue = "0.0.0.0", paramLabel = "ADDRESS",
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--path", defaultValue = "/wecom/callback", paramLabel = "PATH",
            description = "The callback URL's path (default: ${DEFAULT-VALUE}).")
    String path;

    @Option(names = "--reconcile-every", defaultValue = "1h", paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Time between full syncs, like 30m, 1h, 1d (default: ${DEFAULT-VALUE}).")
    Duration reconcileEvery;

    @Mixin
    SimulateOption simulate;

    @Spec
    CommandSpec spec;

    /** Counted down to stop; tests count it down instead of sending a signal. */
    final CountDownLatch stop = new CountDownLatch(1);

    @Override
    public Integer call() throws InterruptedException {
        PrintStream out = root.out();
        checkOptions();
        try (Simulation sim = Simulation.start(simulate, out)) {
            WeComSettings settings = sim.settings().orElseGet(() -> root.settings(config.file));
            CorpClients corp = CorpClients.of(settings);
            if (!settings.hasCallback()) {
                throw new UsageException("WECOM_TOKEN and WECOM_ENCODING_AES_KEY (the callback's Token and"
                        + " EncodingAESKey, from App Management -> your app -> Receive Messages) must be set for"
                        + " serve");
            }
            CallbackCrypto crypto;
            try {
                crypto = CallbackCrypto.of(settings.token().orElseThrow(), settings.encodingAesKey().orElseThrow(),
                        corp.corpId());
            } catch (IllegalArgumentException e) {
                throw new UsageException("the callback settings cannot be used: " + e.getMessage() + "; copy"
                        + " WECOM_TOKEN and WECOM_ENCODING_AES_KEY again from App Management -> your app -> Receive"
                        + " Messages -> Set API Receive", e);
            }
            try (DatabasePool pool = database.open(root, sim.active())) {
                return serve(out, corp, crypto, pool.dataSource(), database.shown(root, sim.active()));
            }
        }
    }

    private void checkOptions() {
        if (port < 0 || port > 65_535) {
            throw new ParameterException(spec.commandLine(), "--port must be from 0 to 65535 (0 picks a free port);"
                    + " got " + port);
        }
        if (!path.startsWith("/")) {
            throw new ParameterException(spec.commandLine(), "--path must start with /, like /wecom/callback; got "
                    + path);
        }
        if (reconcileEvery.isNegative() || reconcileEvery.isZero()) {
            throw new ParameterException(spec.commandLine(), "--reconcile-every must be positive, like 1h; got "
                    + reconcileEvery);
        }
        if (new InetSocketAddress(bind, 0).isUnresolved()) {
            throw new ParameterException(spec.commandLine(), "--bind " + bind + " is not an address of this machine"
                    + " (like 0.0.0.0 for every interface, or 127.0.0.1)");
        }
    }

    private int serve(PrintStream out, CorpClients corp, CallbackCrypto crypto, DataSource dataSource, String shown)
            throws InterruptedException {
        JdbcSyncTarget target = DatabaseOptions.target(dataSource, database.tables());
        WeComSync.Builder builder = WeComSync.builder().client(corp.app()).target(target);
        corp.contactSync().ifPresent(builder::contactSyncClient);
        HistoryCommand.recorder(dataSource, database, out).ifPresent(builder::history);
        WeComSync sync = builder.build();
        CallbackHandler handler = CallbackHandler.builder()
                .crypto(crypto)
                .onEvent(event -> out.println(root.redact(ServeLines.event(event, sync.apply(event)))))
                .inbox(ServeInbox.on(dataSource)).inboxListener(new ServeInbox(out, root))
                .build();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "wecom-sync-reconcile");
            t.setDaemon(true);
            return t;
        });
        try (CallbackServer server = listen(handler)) {
            handler.retryParked(); // a restart retries what an earlier run parked
            out.println("Listening on http://" + bind + ":" + server.port() + path + " for corp " + corp.corpId()
                    + "; database " + shown);
            out.println("Full sync now and every " + reconcileEvery.toString().substring(2).toLowerCase(Locale.ROOT)
                    + ", one line each. Ctrl-C to stop.");
            scheduler.scheduleWithFixedDelay(() -> reconcile(out, sync), 0, reconcileEvery.toMillis(),
                    TimeUnit.MILLISECONDS);
            Thread hook = new Thread(stop::countDown, "wecom-sync-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                stop.await();
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the JVM is stopping: the hook already ran
                }
            }
        } finally {
            scheduler.shutdownNow();
            handler.close();
        }
        out.println("Stopped.");
        return 0;
    }

    private CallbackServer listen(CallbackHandler handler) {
        try {
            return CallbackServer.start(new InetSocketAddress(bind, port), path, handler);
        } catch (IllegalStateException e) {
            if (Failures.find(e, BindException.class) != null) {
                throw new UsageException("port " + port + " on " + bind + " is in use: choose another --port, or"
                        + " stop the program that listens there", e);
            }
            throw e;
        }
    }

    /** One scheduled full sync and its line; a failure is one line too, and the schedule goes on. */
    private void reconcile(PrintStream out, WeComSync sync) {
        try {
            out.println(root.redact(ServeLines.reconcile(sync.fullSync())));
        } catch (SyncInProgressException e) {
            out.println(ServeLines.reconcileFailed("another full sync is running"));
        } catch (RuntimeException e) {
            out.println(root.redact(ServeLines.reconcileFailed(Failures.describe(e))));
        }
    }
}
