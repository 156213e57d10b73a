package dev.wecomsync.sync.internal;

import dev.wecomsync.sync.SyncPlan;
import java.util.HashSet;
import java.util.Set;

/**
 * Which secret may read what: chosen from the configured secrets before anything is read, and
 * re-chosen (an API struck off for a secret) when WeCom answers 48009 or 48002. Immutable; see
 * {@link Plans} for the one the engine currently follows.
 *
 * <p>The order of preference is fixed: lists ({@code department/list}, {@code user/list}) with
 * the {@link #lister} — the Contacts Sync secret when configured, since it sees the whole
 * organisation, else the app secret — then structure and ids ({@code department/simplelist},
 * {@code user/list_id}) with the lister, names and details with the app secret.
 */
final class ReadPlan {

    private final Set<String> forbidden;

    private ReadPlan(Set<String> forbidden) {
        this.forbidden = Set.copyOf(forbidden);
    }

    /** The plan the secrets allow before WeCom has said anything: everything allowed. */
    static ReadPlan preferred() {
        return new ReadPlan(Set.of());
    }

    /** The secret that lists the organisation: Contacts Sync when configured, else the app's. */
    static Directory lister(Directory app, Directory contactSync) {
        return contactSync != null ? contactSync : app;
    }

    boolean allows(Directory secret, String api) {
        return !forbidden.contains(key(secret, api));
    }

    /** This plan without {@code api} for {@code secret}. */
    ReadPlan forbid(Directory secret, String api) {
        Set<String> more = new HashSet<>(forbidden);
        more.add(key(secret, api));
        return new ReadPlan(more);
    }

    /** The public name of this plan when {@code lister} lists. */
    SyncPlan kind(Directory lister) {
        return allows(lister, Directory.DEPARTMENT_LIST) && allows(lister, Directory.USER_LIST)
                ? SyncPlan.LIST_PER_DEPARTMENT : SyncPlan.IDS_THEN_DETAILS;
    }

    private static String key(Directory secret, String api) {
        return secret.description() + " " + api;
    }

    @Override
    public String toString() {
        return forbidden.isEmpty() ? "ReadPlan{preferred}" : "ReadPlan{forbidden=" + forbidden + "}";
    }
}
