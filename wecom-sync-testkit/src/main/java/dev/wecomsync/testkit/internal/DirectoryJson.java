package dev.wecomsync.testkit.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wecomsync.testkit.SimDepartment;
import dev.wecomsync.testkit.SimExtAttr;
import dev.wecomsync.testkit.SimExternalProfile;
import dev.wecomsync.testkit.SimUser;
import java.util.List;

/** Writes departments and users in exactly the JSON shapes of WeCom's directory APIs. Not API. */
public final class DirectoryJson {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private DirectoryJson() {}

    public static ObjectNode ok() {
        ObjectNode root = NODES.objectNode();
        root.put("errcode", 0);
        root.put("errmsg", "ok");
        return root;
    }

    /** {@code {id,name,name_en,department_leader[],parentid,order}}; name_en only when set. */
    public static ObjectNode department(SimDepartment d) {
        ObjectNode n = NODES.objectNode();
        n.put("id", d.id());
        n.put("name", d.name());
        if (d.nameEn() != null) n.put("name_en", d.nameEn());
        ArrayNode leaders = n.putArray("department_leader");
        d.leaders().forEach(leaders::add);
        n.put("parentid", d.parentId());
        n.put("order", d.order());
        return n;
    }

    /** {@code {id,parentid,order}} as in department/simplelist. */
    public static ObjectNode departmentRef(SimDepartment d) {
        ObjectNode n = NODES.objectNode();
        n.put("id", d.id());
        n.put("parentid", d.parentId());
        n.put("order", d.order());
        return n;
    }

    /** {@code {userid,name,department[],open_userid}} as in user/simplelist. */
    public static ObjectNode userSummary(SimUser u) {
        ObjectNode n = NODES.objectNode();
        n.put("userid", u.userId());
        n.put("name", u.name());
        ArrayNode depts = n.putArray("department");
        u.departments().forEach(depts::add);
        n.put("open_userid", text(u.openUserId()));
        return n;
    }

    /**
     * A full user as user/get and user/list answer. With {@code withhold} (apps created after June 2022) mobile,
     * gender, email, biz_mail, avatar, thumb_avatar, qr_code and address are left out entirely.
     */
    public static ObjectNode user(SimUser u, boolean withhold) {
        ObjectNode n = NODES.objectNode();
        n.put("userid", u.userId());
        n.put("name", u.name());
        ArrayNode depts = n.putArray("department");
        u.departments().forEach(depts::add);
        ArrayNode orders = n.putArray("order");
        u.orders().forEach(orders::add);
        n.put("position", text(u.position()));
        if (!withhold) {
            n.put("mobile", text(u.mobile()));
            n.put("gender", u.gender());
            n.put("email", text(u.email()));
            n.put("biz_mail", text(u.bizMail()));
        }
        ArrayNode leaderIn = n.putArray("is_leader_in_dept");
        u.leaderInDepartments().forEach(b -> leaderIn.add(b ? 1 : 0));
        ArrayNode directLeaders = n.putArray("direct_leader");
        u.directLeaders().forEach(directLeaders::add);
        if (!withhold) {
            n.put("avatar", text(u.avatar()));
            n.put("thumb_avatar", text(u.thumbAvatar()));
        }
        n.put("telephone", text(u.telephone()));
        n.put("alias", text(u.alias()));
        if (!withhold) n.put("address", text(u.address()));
        n.put("open_userid", text(u.openUserId()));
        n.put("main_department", u.mainDepartment());
        n.putObject("extattr").set("attrs", attrs(u.extAttrs()));
        n.put("status", u.status());
        if (!withhold) n.put("qr_code", text(u.qrCode()));
        n.put("external_position", text(u.externalPosition()));
        if (u.externalProfile() != null) n.set("external_profile", profile(u.externalProfile()));
        return n;
    }

    private static ObjectNode profile(SimExternalProfile p) {
        ObjectNode n = NODES.objectNode();
        if (p.externalCorpName() != null) n.put("external_corp_name", p.externalCorpName());
        n.set("external_attr", attrs(p.externalAttrs()));
        return n;
    }

    private static ArrayNode attrs(List<SimExtAttr> attrs) {
        ArrayNode a = NODES.arrayNode();
        for (SimExtAttr attr : attrs) {
            ObjectNode n = a.addObject();
            n.put("type", attr.type());
            n.put("name", attr.name());
            if (attr.type() == SimExtAttr.TYPE_TEXT) {
                n.putObject("text").put("value", attr.text());
            } else {
                ObjectNode web = n.putObject("web");
                web.put("url", attr.webUrl());
                web.put("title", attr.webTitle());
            }
        }
        return a;
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }
}
