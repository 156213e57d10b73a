package dev.wecomsync.examples.cli;

import dev.wecomsync.client.WeComApiException;
import dev.wecomsync.client.WeComClient;
import dev.wecomsync.client.WeComException;
import dev.wecomsync.client.WeComIoException;
import dev.wecomsync.model.Department;
import java.io.PrintStream;
import java.util.List;
import java.util.function.Supplier;

/**
 * Checks one secret the way an operator would by hand: fetch a token, make one list call, and
 * say in plain words what is wrong and what to change. The advice covers the classic setup
 * mistakes: a wrong or reset secret, a caller IP missing from the trusted IPs, the Contacts Sync
 * secret's 48009 on IPs added after 2022-08-15, and a visible scope smaller than the organisation.
 */
final class SecretCheck {

    /** Which secret is checked. */
    enum Kind {
        APP("app secret (WECOM_SECRET)",
                "App Management -> your app -> Secret"),
        CONTACT_SYNC("Contacts Sync secret (WECOM_CONTACT_SYNC_SECRET)",
                "Security and Management -> Management Tools -> Contacts Sync -> Secret");

        final String label;
        final String whereToFind;

        Kind(String label, String whereToFind) {
            this.label = label;
            this.whereToFind = whereToFind;
        }
    }

    private final PrintStream out;
    private final String baseUrl;
    /** Whether the last step failed with 48009, which is expected for the Contacts Sync secret. */
    private boolean lastWas48009;
    /** Whether the last department/list saw the root department. */
    private boolean wholeOrganisation;

    SecretCheck(PrintStream out, String baseUrl) {
        this.out = out;
        this.baseUrl = baseUrl;
    }

    /** Runs the checks for one secret; true when it works as wecom-sync needs. */
    boolean check(Kind kind, WeComClient client) {
        out.println();
        out.println(kind.label);
        if (!step("gettoken", () -> {
            client.accessToken();
            return "ok, WeCom accepted the corp id and the secret";
        }, kind)) {
            return false;
        }
        if (kind == Kind.APP) {
            return step("department/list", () -> scope(client.departments().list()), kind);
        }
        boolean ids = step("user/list_id", () -> {
            int rows = client.users().listIds(null, 1).items().size();
            return rows == 0 ? "ok, but the organisation has no members" : "ok, member ids can be listed";
        }, kind);
        boolean details = step("department/list", () -> scope(client.departments().list()), kind);
        return ids && (details || lastWas48009);
    }

    private boolean step(String api, Supplier<String> call, Kind kind) {
        lastWas48009 = false;
        String label = String.format("  %-17s ", api);
        try {
            out.println(label + call.get());
            return true;
        } catch (WeComApiException e) {
            boolean expected = e.errcode() == 48009 && kind == Kind.CONTACT_SYNC;
            out.println(label + "errcode " + e.errcode() + (expected ? " (expected for new installs)" : ""));
            advice(e, kind).forEach(line -> out.println("      " + line));
            if (e.errcode() == 48009) {
                lastWas48009 = true;
            }
            return false;
        } catch (WeComIoException e) {
            out.println(label + "no answer");
            out.println("      Cannot reach " + baseUrl + ": " + e.getMessage());
            out.println("      Check this machine's network, DNS and proxy settings (WECOM_BASE_URL if you use a proxy).");
            return false;
        } catch (WeComException e) {
            out.println(label + "failed: " + e.getMessage());
            return false;
        }
    }

    /** Whether the last {@code department/list} of {@link #check} saw the whole organisation. */
    boolean sawWholeOrganisation() {
        return wholeOrganisation;
    }

    private String scope(List<Department> departments) {
        boolean root = departments.stream().anyMatch(d -> d.id() == 1);
        wholeOrganisation = root;
        if (root) {
            return "ok, sees the whole organisation (" + departments.size() + " departments)";
        }
        if (departments.isEmpty()) {
            return "ok, but sees no department at all: its visible scope is empty."
                    + " Set it to the whole organisation: App Management -> your app -> Visible to.";
        }
        List<Long> tops = departments.stream()
                .filter(d -> departments.stream().noneMatch(p -> p.id() == d.parentId()))
                .map(Department::id).limit(5).toList();
        return "WARNING: sees only " + departments.size() + " departments (visible scope starts at " + tops
                + "). Members outside are not synced and their callbacks fail with 60011. To sync everyone, set"
                + " the visible scope to the whole organisation: App Management -> your app -> Visible to.";
    }

    /** What a person should do about this error, in plain words. */
    static List<String> advice(WeComApiException e, Kind kind) {
        return switch (e.errcode()) {
            case 40001 -> List.of(
                    "WeCom does not accept this secret: it is mistyped, was reset in the admin console, belongs",
                    "to another app, or the app is disabled. Copy it again from: " + kind.whereToFind + ".");
            case 40013 -> List.of(
                    "The corp id is wrong. Copy it from My Company -> Company Information -> Company ID (ww...).");
            case 40091 -> List.of(
                    "The secret belongs to another corp. Check that WECOM_CORP_ID and the secret come from the same corp.");
            case 60020 -> List.of(
                    "WeCom refuses calls from this machine's IP address "
                            + e.callerIp().orElse("(WeCom did not say which)") + ".",
                    "Add " + e.callerIp().orElse("that address") + " to the trusted IPs: App Management -> your app",
                    "-> Company Trusted IP (企业可信IP). The change takes about a minute.");
            case 48009 -> List.of(
                    "The Contacts Sync secret may not read details (names, members) from this IP, because the IP",
                    "was added after 2022-08-15. That is expected for new installs: wecom-sync then reads ids and",
                    "structure with this secret and details with the app secret. Make sure WECOM_SECRET is set and",
                    "that app sees the whole organisation.");
            case 48002 -> List.of(
                    "This secret may not call " + e.api() + ". Use the other secret for it: user/list_id needs the"
                            + " Contacts Sync secret; details need an app secret.");
            case 60011 -> List.of(
                    "Outside the app's visible scope. Widen it: App Management -> your app -> Visible to.");
            case 45009, 45033 -> List.of(
                    "WeCom's rate limit was hit (other programs may call the same corp). Wait a minute and retry.");
            default -> List.of(e.hint().orElse("WeCom said: " + e.errmsg()));
        };
    }
}
