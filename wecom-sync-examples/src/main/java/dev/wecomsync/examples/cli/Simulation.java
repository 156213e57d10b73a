package dev.wecomsync.examples.cli;

import dev.wecomsync.examples.console.WeComSettings;
import dev.wecomsync.testkit.Org;
import dev.wecomsync.testkit.WeComSimulator;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

/**
 * The simulated corp of {@code --simulate USERS}: a {@link WeComSimulator} in this process, set up
 * like a corp installed after 2022 (the Contacts Sync secret reads ids and structure only, the app
 * secret reads details), with the callback Token and EncodingAESKey for {@code serve}. The org is
 * generated from a fixed seed, so two runs see the same corp. {@link #close()} stops it.
 */
final class Simulation implements AutoCloseable {

    private static final long SEED = 7;
    private static final String APP_SECRET = "simulated-app-secret";
    private static final String CONTACT_SYNC_SECRET = "simulated-contact-sync-secret";
    private static final String TOKEN = "simulatedToken";
    private static final Simulation NONE = new Simulation(null);

    private final WeComSimulator simulator;

    private Simulation(WeComSimulator simulator) {
        this.simulator = simulator;
    }

    /**
     * The simulation the option asks for, announced on {@code out}; an inactive one without the option.
     *
     * @throws UsageException when USERS is out of range
     */
    static Simulation start(SimulateOption option, PrintStream out) {
        if (option == null || !option.enabled()) {
            return NONE;
        }
        int users = option.users;
        if (users < 1 || users > SimulateOption.MAX_USERS) {
            throw new UsageException("--simulate takes a number of users from 1 to " + SimulateOption.MAX_USERS
                    + ", like --simulate 200; got " + users);
        }
        int departments = Math.max(1, Math.min(3_000, users / 16));
        WeComSimulator sim = WeComSimulator.builder().seed(SEED).org(Org.generate(users, departments, SEED)).build();
        sim.addContactSyncSecret(CONTACT_SYNC_SECRET).restrictDetailApis();
        sim.addAppSecret(APP_SECRET).createdAfterJune2022();
        out.printf(Locale.ROOT, "Simulated corp %s, %,d users in %,d departments at %s — not WeCom (--simulate)%n",
                sim.corpId(), sim.org().userCount(), sim.org().departmentCount(), sim.baseUrl());
        return new Simulation(sim);
    }

    boolean active() {
        return simulator != null;
    }

    /** The simulator; only when {@link #active()}. */
    WeComSimulator simulator() {
        if (simulator == null) {
            throw new IllegalStateException("no simulation");
        }
        return simulator;
    }

    /** The settings that point at the simulated corp; empty when inactive. */
    Optional<WeComSettings> settings() {
        if (simulator == null) {
            return Optional.empty();
        }
        return Optional.of(new WeComSettings(Optional.of(simulator.corpId()), Optional.of(APP_SECRET),
                Optional.of(CONTACT_SYNC_SECRET), Optional.of(TOKEN), Optional.of(encodingAesKey()),
                Optional.of(simulator.baseUrl())));
    }

    /** A fresh in-memory H2 database, the default with {@code --simulate}: nothing is written to disk. */
    static String memoryUrl() {
        return "jdbc:h2:mem:wecom-sync-simulated-" + UUID.randomUUID();
    }

    @Override
    public void close() {
        if (simulator != null) {
            simulator.close();
        }
    }

    /** 43 letters and digits from the seed, as the admin console generates an EncodingAESKey. */
    private static String encodingAesKey() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        Random random = new Random(SEED);
        StringBuilder key = new StringBuilder(43);
        for (int i = 0; i < 43; i++) {
            key.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return key.toString();
    }
}
