package dev.wecomsync.testkit;

import dev.wecomsync.testkit.internal.EventXml;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Makes the plaintext of every contact change event WeCom sends ({@code change_contact} with each
 * {@code ChangeType}, and {@code batch_job_result}) for one corp, in WeCom's full or skeleton form,
 * with {@code CreateTime} from the simulator's clock. Shapes follow WeCom's samples: text in CDATA, lists
 * comma-separated. Get one from {@link CallbackSender#events()}, or from {@link #of} to encrypt and post the
 * plaintext yourself. Thread-safe.
 */
public final class ChangeEvents {

    private final String corpId;
    private final Clock clock;

    ChangeEvents(String corpId, Clock clock) {
        this.corpId = Objects.requireNonNull(corpId, "corpId == null");
        this.clock = Objects.requireNonNull(clock, "clock == null");
    }

    /** Events addressed to {@code corpId} (ToUserName) with CreateTime from {@code clock}. */
    public static ChangeEvents of(String corpId, Clock clock) {
        return new ChangeEvents(corpId, clock);
    }

    /** create_user: every non-empty field in FULL form; only UserID and Department in SKELETON form. */
    public CallbackEvent createUser(SimUser user, EventForm form) {
        EventXml xml = start("create_user").text("UserID", user.userId());
        if (form == EventForm.SKELETON) return event("create_user", xml.list("Department", user.departments()));
        xml.text("Name", user.name()).list("Department", user.departments())
                .number("MainDepartment", user.mainDepartment())
                .list("IsLeaderInDept", user.leaderInDepartments().stream().map(b -> b ? 1 : 0).toList());
        if (!user.directLeaders().isEmpty()) xml.list("DirectLeader", user.directLeaders());
        optional(xml, "Position", user.position());
        optional(xml, "Mobile", user.mobile());
        xml.number("Gender", Long.parseLong(user.gender()));
        optional(xml, "Email", user.email());
        optional(xml, "BizMail", user.bizMail());
        xml.number("Status", user.status());
        optional(xml, "Avatar", user.avatar());
        optional(xml, "Alias", user.alias());
        optional(xml, "Telephone", user.telephone());
        optional(xml, "Address", user.address());
        extAttrs(xml, user.extAttrs());
        return event("create_user", xml);
    }

    /**
     * update_user from {@code before} to {@code after}: UserID (the old one), NewUserID on a rename, then the
     * changed fields (FULL) or only Department when it changed (SKELETON). Empty when the form sends no event
     * for this change (SKELETON without a department or userid change; FULL when no evented field changed).
     */
    public Optional<CallbackEvent> updateUser(SimUser before, SimUser after, EventForm form) {
        EventXml xml = start("update_user").text("UserID", before.userId());
        boolean renamed = !before.userId().equals(after.userId());
        if (renamed) xml.text("NewUserID", after.userId());
        boolean moved = !before.departments().equals(after.departments());
        if (form == EventForm.SKELETON) {
            if (!renamed && !moved) return Optional.empty();
            if (moved) xml.list("Department", after.departments());
            return Optional.of(event("update_user", xml));
        }
        int changed = renamed ? 1 : 0;
        changed += changedText(xml, "Name", before.name(), after.name());
        if (moved) {
            xml.list("Department", after.departments());
            changed++;
        }
        if (before.mainDepartment() != after.mainDepartment()) {
            xml.number("MainDepartment", after.mainDepartment());
            changed++;
        }
        if (!before.leaderInDepartments().equals(after.leaderInDepartments()) || moved) {
            xml.list("IsLeaderInDept", after.leaderInDepartments().stream().map(b -> b ? 1 : 0).toList());
            changed++;
        }
        if (!before.directLeaders().equals(after.directLeaders())) {
            xml.list("DirectLeader", after.directLeaders());
            changed++;
        }
        changed += changedText(xml, "Position", before.position(), after.position());
        changed += changedText(xml, "Mobile", before.mobile(), after.mobile());
        if (!before.gender().equals(after.gender())) {
            xml.number("Gender", Long.parseLong(after.gender()));
            changed++;
        }
        changed += changedText(xml, "Email", before.email(), after.email());
        changed += changedText(xml, "BizMail", before.bizMail(), after.bizMail());
        if (before.status() != after.status()) {
            xml.number("Status", after.status());
            changed++;
        }
        changed += changedText(xml, "Avatar", before.avatar(), after.avatar());
        changed += changedText(xml, "Alias", before.alias(), after.alias());
        changed += changedText(xml, "Telephone", before.telephone(), after.telephone());
        changed += changedText(xml, "Address", before.address(), after.address());
        if (!before.extAttrs().equals(after.extAttrs())) {
            extAttrs(xml, after.extAttrs());
            changed++;
        }
        return changed == 0 ? Optional.empty() : Optional.of(event("update_user", xml));
    }

    public CallbackEvent deleteUser(String userId) {
        return event("delete_user", start("delete_user").text("UserID", userId));
    }

    /** create_party: Id, Name, ParentId, Order (FULL) or Id and ParentId (SKELETON). */
    public CallbackEvent createParty(SimDepartment department, EventForm form) {
        EventXml xml = start("create_party").number("Id", department.id());
        if (form == EventForm.FULL) xml.text("Name", department.name());
        xml.text("ParentId", String.valueOf(department.parentId()));
        if (form == EventForm.FULL) xml.number("Order", department.order());
        return event("create_party", xml);
    }

    /**
     * update_party: Id, then Name and/or ParentId as they changed (FULL), or Id and ParentId on a parent change
     * only (SKELETON). Empty when the form sends no event for this change.
     */
    public Optional<CallbackEvent> updateParty(SimDepartment before, SimDepartment after, EventForm form) {
        boolean renamed = !before.name().equals(after.name()) && form == EventForm.FULL;
        boolean moved = before.parentId() != after.parentId();
        if (!renamed && !moved) return Optional.empty();
        EventXml xml = start("update_party").number("Id", after.id());
        if (renamed) xml.text("Name", after.name());
        if (moved) xml.text("ParentId", String.valueOf(after.parentId()));
        return Optional.of(event("update_party", xml));
    }

    public CallbackEvent deleteParty(long departmentId) {
        return event("delete_party", start("delete_party").number("Id", departmentId));
    }

    /** update_tag with the users and departments added to and removed from the tag; empty lists are left out. */
    public CallbackEvent updateTag(long tagId, List<String> addUsers, List<String> delUsers, List<Long> addParties,
            List<Long> delParties) {
        EventXml xml = start("update_tag").number("TagId", tagId);
        if (!addUsers.isEmpty()) xml.list("AddUserItems", addUsers);
        if (!delUsers.isEmpty()) xml.list("DelUserItems", delUsers);
        if (!addParties.isEmpty()) xml.list("AddPartyItems", addParties);
        if (!delParties.isEmpty()) xml.list("DelPartyItems", delParties);
        return event("update_tag", xml);
    }

    /** The {@code batch_job_result} event (its own Event, not a ChangeType). */
    public CallbackEvent batchJobResult(String jobId, String jobType, int errCode, String errMsg) {
        EventXml xml = EventXml.event(corpId, now(), "batch_job_result").open("BatchJob")
                .text("JobId", jobId).text("JobType", jobType).number("ErrCode", errCode).text("ErrMsg", errMsg)
                .close("BatchJob");
        return event("batch_job_result", xml);
    }

    /** The event a change of the org produces in the given form, if any. */
    Optional<CallbackEvent> forChange(OrgChange change, EventForm form) {
        if (change.isUserChange()) {
            if (change.userBefore() == null) return Optional.of(createUser(change.userAfter(), form));
            if (change.userAfter() == null) return Optional.of(deleteUser(change.userBefore().userId()));
            return updateUser(change.userBefore(), change.userAfter(), form);
        }
        if (change.departmentBefore() == null) return Optional.of(createParty(change.departmentAfter(), form));
        if (change.departmentAfter() == null) return Optional.of(deleteParty(change.departmentBefore().id()));
        return updateParty(change.departmentBefore(), change.departmentAfter(), form);
    }

    private EventXml start(String changeType) {
        return EventXml.changeContact(corpId, now(), changeType);
    }

    private long now() {
        return clock.millis() / 1000;
    }

    private static CallbackEvent event(String type, EventXml xml) {
        return new CallbackEvent(type, xml.build());
    }

    private static void optional(EventXml xml, String name, String value) {
        if (value != null && !value.isEmpty()) xml.text(name, value);
    }

    private static int changedText(EventXml xml, String name, String before, String after) {
        if (Objects.equals(blank(before), blank(after))) return 0;
        xml.text(name, blank(after));
        return 1;
    }

    private static String blank(String s) {
        return s == null ? "" : s;
    }

    private static void extAttrs(EventXml xml, List<SimExtAttr> attrs) {
        if (attrs.isEmpty()) return;
        xml.open("ExtAttr");
        for (SimExtAttr a : attrs) {
            xml.open("Item").text("Name", a.name()).number("Type", a.type());
            if (a.type() == SimExtAttr.TYPE_TEXT) {
                xml.open("Text").text("Value", a.text()).close("Text");
            } else {
                xml.open("Web").text("Title", a.webTitle()).text("Url", a.webUrl()).close("Web");
            }
            xml.close("Item");
        }
        xml.close("ExtAttr");
    }
}
