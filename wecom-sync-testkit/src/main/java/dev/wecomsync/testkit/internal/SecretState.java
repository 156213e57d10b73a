package dev.wecomsync.testkit.internal;

import java.util.List;
import java.util.Set;

/**
 * What the simulator knows about one registered secret: its role and restrictions. Thread-safe (volatile
 * fields, immutable values). Not API: {@code SimulatedSecret} is its public face.
 */
public final class SecretState {

  public enum Role { APP, CONTACT_SYNC }

  private final String secret;
  private final Role role;
  private volatile List<Long> visibleScope = List.of(1L);
  private volatile boolean createdAfterJune2022;
  private volatile boolean restrictDetailApis;
  private volatile Set<String> trustedIps;   // null: any caller

  public SecretState(String secret, Role role) {
    this.secret = secret;
    this.role = role;
  }

  public String secret() { return secret; }

  public Role role() { return role; }

  public List<Long> visibleScope() { return visibleScope; }

  public void visibleScope(List<Long> departmentIds) {
    if (departmentIds.isEmpty()) throw new IllegalArgumentException("visible scope needs at least one department");
    visibleScope = List.copyOf(departmentIds);
  }

  public boolean createdAfterJune2022() { return createdAfterJune2022; }

  public void createdAfterJune2022(boolean value) { createdAfterJune2022 = value; }

  public boolean restrictDetailApis() { return restrictDetailApis; }

  public void restrictDetailApis(boolean value) { restrictDetailApis = value; }

  public Set<String> trustedIps() { return trustedIps; }

  public void trustedIps(Set<String> ips) { trustedIps = ips == null ? null : Set.copyOf(ips); }

  @Override
  public String toString() {
    return "SecretState{role=" + role + ", secret=██}";
  }
}
