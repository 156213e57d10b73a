package dev.wecomsync.testkit;

import dev.wecomsync.testkit.internal.CallCounters;
import dev.wecomsync.testkit.internal.CallLog;
import dev.wecomsync.testkit.internal.Faults;
import dev.wecomsync.testkit.internal.HttpCallbackTransport;
import dev.wecomsync.testkit.internal.NoDelayServerSocketFactory;
import dev.wecomsync.testkit.internal.SecretState;
import dev.wecomsync.testkit.internal.SimulatorDispatcher;
import dev.wecomsync.testkit.internal.Tokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import mockwebserver3.MockWebServer;

/**
 * A fake WeCom for tests, demos and benchmarks: the directory APIs and callbacks of a simulated corp, served
 * in-process on a loopback port.
 *
 * <pre>{@code
 * try (WeComSimulator sim = WeComSimulator.builder().org(Org.generate(2_000, 60, 7)).build()) {
 *   sim.addAppSecret("app-secret");
 *   WeComClient client = WeComClient.builder()
 *       .corpId(sim.corpId()).secret("app-secret").baseUrl(sim.baseUrl()).build();
 *   ...
 * }
 * }</pre>
 *
 * <h2>What it serves</h2>
 * {@code gettoken}, {@code department/list}, {@code department/simplelist}, {@code department/get},
 * {@code user/get}, {@code user/list}, {@code user/simplelist} and {@code user/list_id}, under
 * {@code baseUrl() + "cgi-bin/<api>"}, with WeCom's JSON shapes and error codes: HTTP 200 with
 * {@code errcode}/{@code errmsg}, the message carrying WeCom's "hint / from ip / more info" suffixes.
 *
 * <h2>What it models</h2>
 * Secrets with roles and restrictions ({@link SimulatedSecret}), tokens that expire on the simulator's clock
 * or are expired and revoked on demand, and faults that are deterministic for a seed: per-API minute quotas
 * (45009), a per-API concurrency cap (45033), latency, busy answers (-1), HTTP 502, dropped connections and
 * queued failures ({@link #failNext}). Every request is counted per API ({@link #callCount}).
 *
 * <h2>Thread safety</h2>
 * All methods are thread-safe; configuration changes apply to the next request. The {@link #org()} may be
 * changed while requests are served.
 */
public final class WeComSimulator implements AutoCloseable {

  /** The corpid a simulator has unless {@link Builder#corpId} says otherwise. */
  public static final String DEFAULT_CORP_ID = "ww5e1f0c2d9a7b3e48";

  /** Stands for every API in {@link #rateLimitPerMinute} and {@link #failNext}. */
  public static final String ALL_APIS = Faults.ALL;

  private final String corpId;
  private final Org org;
  private final Clock clock;
  private final long seed;
  private final Map<String, SecretState> secrets = new ConcurrentHashMap<>();
  private final Tokens tokens;
  private final Faults faults;
  private final CallCounters counters = new CallCounters();
  private final CallLog log = new CallLog();
  private final MockWebServer server = new MockWebServer();
  private final String baseUrl;

  private WeComSimulator(Builder b) {
    this.corpId = b.corpId;
    this.clock = b.clock;
    this.seed = b.seed;
    this.org = b.org != null ? b.org : Org.generate(100, 10, b.seed);
    this.tokens = new Tokens(clock, seed);
    this.faults = new Faults(clock, seed);
    server.setServerSocketFactory(new NoDelayServerSocketFactory());
    server.setDispatcher(new SimulatorDispatcher(corpId, org, secrets, tokens, faults, counters, log, clock, seed));
    try {
      server.start(InetAddress.getByName("127.0.0.1"), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the simulator", e);
    }
    this.baseUrl = "http://127.0.0.1:" + server.getPort() + "/";
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Where the simulator listens, ending in "/": {@code http://127.0.0.1:PORT/}. */
  public String baseUrl() {
    return baseUrl;
  }

  public String corpId() {
    return corpId;
  }

  /** The live org the simulator serves; change it at any time. */
  public Org org() {
    return org;
  }

  public Clock clock() {
    return clock;
  }

  public long seed() {
    return seed;
  }

  // ---------------------------------------------------------------- secrets and tokens

  /** Registers an application secret seeing the whole org; configure it further on the result. */
  public SimulatedSecret addAppSecret(String secret) {
    return addSecret(secret, SecretState.Role.APP);
  }

  /** Registers the Contacts Sync secret (the only one {@code user/list_id} accepts). */
  public SimulatedSecret addContactSyncSecret(String secret) {
    return addSecret(secret, SecretState.Role.CONTACT_SYNC);
  }

  /** Forgets a secret, as when it is reset: gettoken answers 40001, its tokens 40014. */
  public WeComSimulator removeSecret(String secret) {
    secrets.remove(secret);
    tokens.revokeSecret(secret);
    return this;
  }

  /** The {@code expires_in} of tokens issued from now on (default 7200 s); they expire on the simulator's clock. */
  public WeComSimulator tokenExpiresIn(Duration expiresIn) {
    tokens.expiresIn(expiresIn);
    return this;
  }

  /**
   * Whether gettoken hands out a secret's still-valid token again, with its remaining {@code expires_in}
   * (WeCom's documents leave this open). Default false: every gettoken call issues a new token, and older
   * tokens stay valid until they expire.
   */
  public WeComSimulator reuseTokens(boolean reuse) {
    tokens.reuse(reuse);
    return this;
  }

  /** Every token issued so far answers 42001 (expired); new gettoken calls work. */
  public WeComSimulator expireTokens() {
    tokens.expireAll();
    return this;
  }

  /** Every token issued so far answers 40014 (invalid), as when WeCom revokes tokens early. */
  public WeComSimulator revokeTokens() {
    tokens.revokeAll();
    return this;
  }

  // ---------------------------------------------------------------- limits and faults

  /**
   * At most {@code callsPerMinute} calls of {@code api} (e.g. "user/get", or {@link #ALL_APIS} for each API)
   * per minute of the simulator's clock; the rest of the minute answers 45009. Zero removes the limit.
   */
  public WeComSimulator rateLimitPerMinute(String api, int callsPerMinute) {
    faults.rateLimitPerMinute(Objects.requireNonNull(api, "api == null"), callsPerMinute);
    return this;
  }

  /** At most {@code calls} requests of one API in flight at once; more answer 45033 at once. Zero: no cap. */
  public WeComSimulator concurrencyLimit(int calls) {
    faults.concurrencyLimit(calls);
    return this;
  }

  /** Every request waits this long (real time) before it is answered. */
  public WeComSimulator latency(Duration latency) {
    faults.latency(latency, latency);
    return this;
  }

  /** Every request waits a random time in [min, max] (drawn from the seed) before it is answered. */
  public WeComSimulator latency(Duration min, Duration max) {
    faults.latency(min, max);
    return this;
  }

  /** This fraction of requests answers errcode -1 (system busy). */
  public WeComSimulator busyRate(double rate) {
    faults.busyRate(rate);
    return this;
  }

  /** This fraction of requests answers HTTP 502 with an HTML body. */
  public WeComSimulator http502Rate(double rate) {
    faults.http502Rate(rate);
    return this;
  }

  /** This fraction of requests has its connection closed without an answer. */
  public WeComSimulator dropConnectionRate(double rate) {
    faults.dropConnectionRate(rate);
    return this;
  }

  /**
   * The next {@code times} calls of {@code api} (or of any API, with {@link #ALL_APIS}) answer {@code errcode}
   * with WeCom's message for it, before any other check.
   */
  public WeComSimulator failNext(String api, int times, int errcode) {
    if (errcode == 0) throw new IllegalArgumentException("errcode 0 is not a failure");
    faults.failNext(Objects.requireNonNull(api, "api == null"), times, errcode);
    return this;
  }

  /** Removes every limit, fault and queued failure. */
  public WeComSimulator clearFaults() {
    faults.clear();
    return this;
  }

  // ---------------------------------------------------------------- counters

  /** How many requests reached {@code api} ("user/get", "gettoken", …) since the last reset, failed ones too. */
  public int callCount(String api) {
    return counters.count(api);
  }

  /** A sorted snapshot of every API's count. */
  public Map<String, Integer> callCounts() {
    return counters.snapshot();
  }

  /** Clears the counters and the call log. */
  public WeComSimulator resetCounters() {
    counters.reset();
    log.clear();
    return this;
  }

  /**
   * The most recent calls (up to 10,000), oldest first, with their parameters and outcome; never holds
   * secrets or tokens.
   */
  public List<SimulatedCall> calls() {
    return log.snapshot();
  }

  /** The most recent calls of one API, oldest first. */
  public List<SimulatedCall> calls(String api) {
    return log.snapshot().stream().filter(c -> c.api().equals(api)).toList();
  }

  // ---------------------------------------------------------------- callbacks

  /**
   * A sender of encrypted callbacks to the host's endpoint at {@code url}, configured in WeCom with this
   * {@code token} and {@code encodingAesKey}; the receiveId is the corpid.
   */
  public CallbackSender callbacks(String url, String token, String encodingAesKey) {
    return new CallbackSender(this, new HttpCallbackTransport(Objects.requireNonNull(url, "url == null")), token,
        encodingAesKey);
  }

  /**
   * A sender that hands each request straight to {@code transport} (for example a framework-neutral callback
   * handler) instead of posting it over HTTP. Everything else is as for {@link #callbacks(String, String, String)}.
   */
  public CallbackSender callbacks(CallbackTransport transport, String token, String encodingAesKey) {
    return new CallbackSender(this, Objects.requireNonNull(transport, "transport == null"), token, encodingAesKey);
  }

  /** Stops the server. Idempotent. */
  @Override
  public void close() {
    server.close();
  }

  @Override
  public String toString() {
    return "WeComSimulator{" + baseUrl + ", corpId=" + corpId + ", " + org + "}";
  }

  private SimulatedSecret addSecret(String secret, SecretState.Role role) {
    Objects.requireNonNull(secret, "secret == null");
    if (secret.isEmpty()) throw new IllegalArgumentException("secret is empty");
    SecretState state = new SecretState(secret, role);
    if (secrets.putIfAbsent(secret, state) != null) throw new IllegalArgumentException("secret already registered");
    return new SimulatedSecret(state);
  }

  /** Configures and starts a {@link WeComSimulator}. */
  public static final class Builder {
    private String corpId = DEFAULT_CORP_ID;
    private long seed = 1;
    private Clock clock = Clock.systemUTC();
    private Org org;

    private Builder() {}

    public Builder corpId(String corpId) {
      this.corpId = Objects.requireNonNull(corpId, "corpId == null");
      return this;
    }

    /** Seeds every random choice (tokens, faults, the default org); default 1. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** The clock for token expiry, rate-limit windows and callback timestamps; default the system clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /** The org to serve; default {@code Org.generate(100, 10, seed)}. */
    public Builder org(Org org) {
      this.org = Objects.requireNonNull(org, "org == null");
      return this;
    }

    /** Starts the simulator on a free loopback port. */
    public WeComSimulator build() {
      if (corpId.isEmpty()) throw new IllegalStateException("corpId is empty");
      return new WeComSimulator(this);
    }
  }
}
