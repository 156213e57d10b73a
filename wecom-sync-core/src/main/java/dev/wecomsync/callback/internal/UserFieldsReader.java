package dev.wecomsync.callback.internal;

import dev.wecomsync.callback.UserFields;
import dev.wecomsync.model.ExtAttr;
import dev.wecomsync.model.Gender;
import dev.wecomsync.model.UserStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Reads the member fields of a {@code create_user} / {@code update_user} message. */
final class UserFieldsReader {
    private UserFieldsReader() {}

    static UserFields read(Elements xml) {
        return new UserFields(
                xml.text("Name"),
                xml.list("Department", Long::valueOf),
                xml.longValue("MainDepartment"),
                xml.list("IsLeaderInDept", Elements::flag),
                xml.list("DirectLeader", s -> s),
                xml.text("Position"),
                xml.trimmed("Mobile"),
                xml.trimmed("Gender").map(Gender::fromCode),
                xml.trimmed("Email"),
                xml.trimmed("BizMail"),
                status(xml),
                xml.trimmed("Avatar"),
                xml.text("Alias"),
                xml.trimmed("Telephone"),
                xml.text("Address"),
                extAttrs(xml));
    }

    private static Optional<UserStatus> status(Elements xml) {
        OptionalInt code = xml.intValue("Status");
        return code.isPresent() ? Optional.of(UserStatus.fromCode(code.getAsInt())) : Optional.empty();
    }

    private static Optional<List<ExtAttr>> extAttrs(Elements xml) {
        if (!xml.has("ExtAttr")) return Optional.empty();
        List<ExtAttr> result = new ArrayList<>();
        xml.child("ExtAttr").ifPresent(ext -> {
            for (Elements item : ext.children("Item")) result.add(extAttr(item));
        });
        return Optional.of(List.copyOf(result));
    }

    /**
     * Current form {@code <Item><Name/><Type/><Text><Value/></Text></Item>} or
     * {@code <Web><Title/><Url/></Web>}; legacy form {@code <Item><Name/><Value/></Item>}, read as
     * text. When an item has both, {@code Text/Value} wins. Without {@code Type}, an item with
     * {@code Web} is a web link, any other a text.
     */
    private static ExtAttr extAttr(Elements item) {
        String name = item.text("Name").orElse("");
        Optional<Elements> web = item.child("Web");
        Optional<String> text = item.child("Text").flatMap(t -> t.text("Value"));
        if (text.isEmpty()) text = item.text("Value");
        OptionalInt type = item.intValue("Type");
        int code = type.orElse(web.isPresent() ? 1 : 0);
        if (code == 0) return ExtAttr.text(name, text.orElse(""));
        if (code == 1) {
            return ExtAttr.web(name, web.flatMap(w -> w.trimmed("Url")).orElse(null),
                    web.flatMap(w -> w.text("Title")).orElse(null));
        }
        return new ExtAttr(name, ExtAttr.Type.UNKNOWN, text.orElse(null), null, null);
    }
}
