package dev.wecomsync.testkit.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The access tokens a simulator has issued: which secret each belongs to, when it expires, and whether it was
 * expired or revoked early. Each gettoken call issues a new token; older ones stay valid until they expire.
 * Not API.
 */
public final class Tokens {

  private static final char[] ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();

  private record Issued(String secret, Instant expiresAt, boolean forcedExpired) {}

  private final Map<String, Issued> issued = new ConcurrentHashMap<>();
  private final Clock clock;
  private final Random random;
  private volatile Duration expiresIn = Duration.ofSeconds(7200);

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

  /** Issues a fresh token for the secret. */
  public String issue(String secret) {
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
