package dev.wecomsync.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wecomsync.sync.RecordChange;
import dev.wecomsync.sync.SyncReport;
import java.util.List;
import java.util.Locale;

/**
 * A {@link SyncReport} as JSON for scripts ({@code sync --json}): the summary, the failures and
 * every change with its id, type and field names. Field values are left out, so the output holds
 * no personal data beyond ids.
 */
final class ReportJson {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportJson() {
    }

    static String of(SyncReport report) {
        ObjectNode root = JSON.createObjectNode();
        root.put("runId", report.runId());
        root.put("dryRun", report.dryRun());
        root.put("succeeded", report.succeeded());
        root.put("startedAt", report.startedAt().toString());
        root.put("durationMillis", report.duration().toMillis());
        root.put("plan", report.plan().name());
        root.put("planReason", report.planReason());
        counts(root.putObject("departments"), report.departments());
        counts(root.putObject("users"), report.users());
        report.deletionsWithheld().ifPresent(why -> root.put("deletionsWithheld", why));
        ObjectNode calls = root.putObject("apiCalls");
        report.apiCalls().forEach(calls::put);
        ArrayNode failures = root.putArray("failures");
        for (SyncReport.Failure f : report.failures()) {
            ObjectNode n = failures.addObject();
            n.put("kind", lower(f.kind().name()));
            n.put("operation", f.operation());
            strings(n.putArray("ids"), f.ids());
            n.put("reason", f.reason());
        }
        ArrayNode changes = root.putArray("changes");
        for (RecordChange c : report.changes()) {
            ObjectNode n = changes.addObject();
            n.put("kind", lower(c.kind().name()));
            n.put("id", c.id());
            n.put("type", c.type().name());
            c.previousId().ifPresent(previous -> n.put("previousId", previous));
            strings(n.putArray("changedFields"), c.changedFields());
        }
        root.put("changesTruncated", report.changesTruncated());
        try {
            return JSON.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write the report as JSON", e);
        }
    }

    /** {@code {"error": message}}, for failures that left no report. */
    static String error(String message) {
        try {
            return JSON.writeValueAsString(JSON.createObjectNode().put("error", message));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    private static void counts(ObjectNode n, SyncReport.Counts c) {
        n.put("created", c.created());
        n.put("updated", c.updated());
        n.put("unchanged", c.unchanged());
        n.put("renamed", c.renamed());
        n.put("deleted", c.deleted());
        n.put("heldBack", c.heldBack());
        n.put("failed", c.failed());
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
