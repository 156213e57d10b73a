package dev.wecomsync.client.internal;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a person should do about a WeCom error code, and the exception message that says so. The
 * codes and remedies are those of WeCom's global error table; the README repeats them.
 */
public final class ErrorHints {

    private static final Pattern FROM_IP = Pattern.compile("from ip:?\\s*([0-9A-Fa-f.:]+[0-9A-Fa-f])");

    private ErrorHints() {
    }

    /** The hint for {@code errcode}, or {@code null} when there is none. */
    public static String hint(String api, int errcode, String errmsg) {
        return switch (errcode) {
            case 40001 -> "The secret is invalid: it is wrong, was reset, belongs to another app, or the app"
                    + " is disabled. Check which secret this client uses: an app's secret (App Management"
                    + " -> the app -> Secret) or the Contacts Sync secret (Security and Management ->"
                    + " Management Tools -> Contacts Sync).";
            case 40013 -> "The corpid is invalid. Copy it from the admin console: My Company -> Company"
                    + " Information -> Company ID.";
            case 40091 -> "The secret does not belong to this corp. Check that corpId and secret come from"
                    + " the same corp.";
            case 40014, 42001 -> "WeCom rejected a fresh access token too. Check that no other process"
                    + " resets this app's secret, and that tokens are not shared between secrets.";
            case 41001 -> "The request carried no access token. This is a bug in wecom-sync; please report it.";
            case 45009 -> "WeCom's frequency limit for " + api + " was exceeded (10,000 calls a minute and"
                    + " 150,000 an hour per corp). Lower rateLimit, or wait for the window to pass; check"
                    + " whether other programs call WeCom with the same corp.";
            case 45033 -> "Too many concurrent calls to " + api + ". Lower maxConcurrency, and check whether"
                    + " other programs call the same API at the same time.";
            case 48002 -> "This secret may not call " + api + ". Use the other secret: the app's secret or"
                    + " the Contacts Sync secret, whichever has access to this API.";
            case 48009 -> "The Contacts Sync secret cannot read details (" + api + ") from an IP added after"
                    + " 2022-08-15. Read ids with user/list_id and department/simplelist, and details with"
                    + " an app secret.";
            case 60011 -> "The member or department is outside the app's visible scope. Widen it: App"
                    + " Management -> the app -> Visible to.";
            case 60020 -> "The caller IP " + callerIp(errmsg).orElse("(not given by WeCom)")
                    + " is not among the app's trusted IPs. Add it: App Management -> the app -> Company"
                    + " Trusted IP (企业可信IP); the change takes about a minute.";
            default -> null;
        };
    }

    /** The caller's IP from WeCom's {@code "from ip: 1.2.3.4"} suffix. */
    public static Optional<String> callerIp(String errmsg) {
        if (errmsg == null) {
            return Optional.empty();
        }
        Matcher matcher = FROM_IP.matcher(errmsg);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /** The exception message for an API error. */
    public static String message(String api, int errcode, String errmsg, String hint) {
        StringBuilder message = new StringBuilder()
                .append(api).append(" failed: errcode ").append(errcode);
        if (errmsg != null && !errmsg.isEmpty()) {
            message.append(", errmsg \"").append(Redaction.redact(errmsg)).append('"');
        }
        if (hint != null) {
            message.append(". ").append(hint);
        }
        return message.toString();
    }
}
