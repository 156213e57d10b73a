package dev.wecomsync.testkit;

import dev.wecomsync.testkit.internal.SecretState;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A secret registered with a {@link WeComSimulator}, and what WeCom lets it do. Changes apply to the next
 * call, also for tokens already issued. Thread-safe.
 *
 * <pre>{@code
 * sim.addAppSecret("app-secret").visibleScope(2, 7).createdAfterJune2022();
 * sim.addContactSyncSecret("sync-secret").restrictDetailApis();
 * }</pre>
 */
public final class SimulatedSecret {

  /** Which WeCom credential this secret stands for. */
  public enum Role {
    /** A self-built application's secret. {@code user/list_id} answers 48002. */
    APP,
    /** The Contacts Sync tool's secret (管理工具 → 通讯录同步). */
    CONTACT_SYNC
  }

  private final SecretState state;

  SimulatedSecret(SecretState state) {
    this.state = state;
  }

  public Role role() {
    return state.role() == SecretState.Role.APP ? Role.APP : Role.CONTACT_SYNC;
  }

  /**
   * Limits what the secret sees to these departments and everything below them (default: the root, the whole
   * org). Departments and users outside answer 60011; lists leave them out.
   */
  public SimulatedSecret visibleScope(long... departmentIds) {
    List<Long> ids = new ArrayList<>();
    for (long id : departmentIds) ids.add(id);
    state.visibleScope(ids);
    return this;
  }

  /**
   * Acts as an app created after 2022-06-20: {@code user/get} and {@code user/list} leave out mobile, gender,
   * email, biz_mail, avatar, thumb_avatar, qr_code and address entirely (absent, not empty).
   */
  public SimulatedSecret createdAfterJune2022() {
    state.createdAfterJune2022(true);
    return this;
  }

  /**
   * Acts as a Contacts Sync secret used from an IP added after 2022-08-15: {@code user/get}, {@code user/list},
   * {@code user/simplelist}, {@code department/list} and {@code department/get} answer 48009;
   * {@code user/list_id} and {@code department/simplelist} still work. No effect on an app secret.
   */
  public SimulatedSecret restrictDetailApis() {
    state.restrictDetailApis(true);
    return this;
  }

  /**
   * Only callers from these IPs may use the secret's tokens; others get 60020 ({@code gettoken} itself still
   * works, as in WeCom). Every caller of the simulator is 127.0.0.1, so a list without it makes every call fail.
   * With no arguments, every caller is allowed again.
   */
  public SimulatedSecret trustedIps(String... ips) {
    state.trustedIps(ips.length == 0 ? null : new LinkedHashSet<>(List.of(ips)));
    return this;
  }

  /** The trusted IPs, empty when every caller is allowed. */
  public Set<String> trustedIps() {
    Set<String> ips = state.trustedIps();
    return ips == null ? Set.of() : ips;
  }

  public List<Long> visibleScope() {
    return state.visibleScope();
  }

  @Override
  public String toString() {
    return "SimulatedSecret{role=" + role() + ", scope=" + state.visibleScope() + "}";
  }
}
