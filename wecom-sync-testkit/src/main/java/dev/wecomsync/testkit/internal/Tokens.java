package dev.wecomsync.testkit.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The access tokens a simulator has issued: which secret each belongs to, when it expires, and whether it was
 * expired or revoked early. By default each gettoken call issues a new token and older ones stay valid until
 * they expire; with {@link #reuse(boolean)} a secret's still-valid token is handed out again with its remaining
 * lifetime. Not API.
 */
public final class Tokens {

  private static final char[] ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();

  private record Issued(String secret, Instant expiresAt, boolean forcedExpired) {}

  private final Map<String, Issued> issued = new ConcurrentHashMap<>();
  private final Clock clock;
  private final Random random;
  private volatile Duration expiresIn = Duration.ofSeconds(7200);
  private volatile boolean reuse;

  /** A token and its remaining lifetime in whole seconds, as gettoken answers. */
  public record Grant(String token, long expiresInSeconds) {
    @Override
    public String toString() {
      return "Grant{token=██, expiresIn=" + expiresInSeconds + "}";
    }
  }

  public Tokens(Clock clock, long seed) {
    this.clock = clock;
    this.random = new Random(seed ^ 0x70CE55L);
  }

  public void expiresIn(Duration expiresIn) {
    if (expiresIn.isNegative() || expiresIn.isZero()) throw new IllegalArgumentException("expiresIn must be positive");
    this.expiresIn = expiresIn;
  }

  public Duration expiresIn() {
    return expiresIn;
  }

  public void reuse(boolean reuse) {
    this.reuse = reuse;
  }

  /** A token for the secret: a fresh one, or with reuse on, the secret's newest still-valid one. */
  public synchronized Grant grant(String secret) {
    Instant now = clock.instant();
    if (reuse) {
      String best = null;
      Instant bestExpiry = now;
      for (Map.Entry<String, Issued> e : issued.entrySet()) {
        Issued i = e.getValue();
        if (i.secret().equals(secret) && !i.forcedExpired() && i.expiresAt().isAfter(bestExpiry)) {
          best = e.getKey();
          bestExpiry = i.expiresAt();
        }
      }
      if (best != null) return new Grant(best, Duration.between(now, bestExpiry).toSeconds());
    }
    return new Grant(issue(secret), expiresIn.toSeconds());
  }

  private String issue(String secret) {
    StringBuilder token = new StringBuilder(128);
    synchronized (random) {
      for (int i = 0; i < 128; i++) token.append(ALPHABET[random.nextInt(ALPHABET.length)]);
    }
    String t = token.toString();
    issued.put(t, new Issued(secret, clock.instant().plus(expiresIn), false));
    return t;
  }

  /** The secret a valid token belongs to; {@link ApiError} 41001, 40014 or 42001 otherwise. */
  public String secretOf(String token) {
    if (token == null || token.isEmpty()) throw ApiError.of(41001);
    Issued i = issued.get(token);
    if (i == null) throw ApiError.of(40014);
    if (i.forcedExpired() || !clock.instant().isBefore(i.expiresAt())) throw ApiError.of(42001);
    return i.secret();
  }

  /** Every token issued so far answers 42001 from now on. */
  public void expireAll() {
    issued.replaceAll((t, i) -> new Issued(i.secret(), i.expiresAt(), true));
  }

  /** Every token issued so far answers 40014 from now on. */
  public void revokeAll() {
    issued.clear();
  }

  /** Forgets the tokens of one secret (when it is removed or reset). */
  public void revokeSecret(String secret) {
    issued.values().removeIf(i -> i.secret().equals(secret));
  }
}
