package dev.wecomsync.examples.cli;

import dev.wecomsync.client.WeComClient;
import dev.wecomsync.client.WeComException;
import dev.wecomsync.model.DepartmentRef;
import dev.wecomsync.model.UserDepartment;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares what the app secret sees with what the Contacts Sync secret sees (the whole
 * organisation): departments from {@code department/simplelist} with each secret, members from
 * {@code user/list_id}. A member none of whose departments the app sees cannot be read by it
 * ({@code user/get} answers 60011), so a sync would leave that member out, and a sync that had
 * them would keep them unconfirmed as pending deletions.
 */
final class VisibleScopeCheck {

    private final PrintStream out;

    VisibleScopeCheck(PrintStream out) {
        this.out = out;
    }

    /** True when the app sees every department the Contacts Sync secret sees. */
    boolean compare(WeComClient app, WeComClient contactSync) {
        out.println();
        out.println("Visible scope: the app secret against the Contacts Sync secret");
        Set<Long> org;
        Set<Long> visible;
        List<UserDepartment> members;
        try {
            org = ids(contactSync.departments().simpleList());
            members = contactSync.users().listIds().stream().toList();
        } catch (WeComException e) {
            out.println("  cannot list the organisation with the Contacts Sync secret: " + e.getMessage());
            return false;
        }
        try {
            visible = ids(app.departments().simpleList());
        } catch (WeComException e) {
            out.println("  cannot list the departments the app secret sees: " + e.getMessage());
            return false;
        }
        Set<Long> hidden = new TreeSet<>(org);
        hidden.removeAll(visible);
        if (hidden.isEmpty()) {
            out.println("  ok, the app sees all " + org.size() + " departments of the organisation");
            return true;
        }
        Map<String, Boolean> seen = new HashMap<>();
        for (UserDepartment row : members) {
            seen.merge(row.userId(), visible.contains(row.departmentId()), Boolean::logicalOr);
        }
        long unseen = seen.values().stream().filter(v -> !v).count();
        out.println("  WARNING: the app sees " + (org.size() - hidden.size()) + " of " + org.size()
                + " departments; " + hidden.size() + " department(s) " + first(hidden) + " and " + unseen + " of "
                + seen.size() + " members are outside its visible scope.");
        out.println("      A sync reads details with the app secret, so these would not be synced (WeCom answers"
                + " 60011), and records already synced stay as unconfirmed pending deletions.");
        out.println("      Widen the visible scope to the whole organisation: App Management -> your app ->"
                + " Visible to.");
        return false;
    }

    private static Set<Long> ids(List<DepartmentRef> refs) {
        Set<Long> ids = new HashSet<>();
        refs.forEach(r -> ids.add(r.id()));
        return ids;
    }

    private static String first(Set<Long> ids) {
        List<Long> some = ids.stream().limit(5).toList();
        return some + (ids.size() > some.size() ? " and more" : "");
    }
}
