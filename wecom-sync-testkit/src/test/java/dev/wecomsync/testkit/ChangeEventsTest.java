package dev.wecomsync.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** The plaintext of each contact change event against the shapes of WeCom's documented samples. */
class ChangeEventsTest {

    private final ChangeEvents events = new ChangeEvents("ww5823bf96d3bd56c7",
            new ManualClock(Instant.ofEpochSecond(1403610513)));

    @Test
    void fullCreateUserHasTheSampleElementsInTheSampleOrder() throws Exception {
        SimUser user = SmallOrg.zhangsan().toBuilder().directLeaders(List.of("lisi", "wangwu")).build();
        Document doc = parse(events.createUser(user, EventForm.FULL).xml());
        assertThat(childNames(doc.getDocumentElement())).containsExactly("ToUserName", "FromUserName", "CreateTime",
                "MsgType", "Event", "ChangeType", "UserID", "Name", "Department", "MainDepartment", "IsLeaderInDept",
                "DirectLeader", "Position", "Mobile", "Gender", "Email", "BizMail", "Status", "Avatar", "Alias",
                "Telephone", "Address", "ExtAttr");
        assertThat(text(doc, "CreateTime")).isEqualTo("1403610513");
        assertThat(text(doc, "Department")).isEqualTo("2,3");
        assertThat(text(doc, "IsLeaderInDept")).isEqualTo("1,0");
        assertThat(text(doc, "DirectLeader")).isEqualTo("lisi,wangwu");
        assertThat(text(doc, "Gender")).isEqualTo("1");
        Element items = (Element) doc.getElementsByTagName("ExtAttr").item(0);
        assertThat(childNames((Element) items.getElementsByTagName("Item").item(0))).containsExactly("Name", "Type", "Text");
        assertThat(childNames((Element) items.getElementsByTagName("Item").item(1))).containsExactly("Name", "Type", "Web");
        assertThat(text(doc, "Url")).isEqualTo("https://work.weixin.qq.com");
    }

    @Test
    void skeletonCreateUserCarriesOnlyUserIdAndDepartment() throws Exception {
        Document doc = parse(events.createUser(SmallOrg.zhangsan(), EventForm.SKELETON).xml());
        assertThat(childNames(doc.getDocumentElement())).endsWith("ChangeType", "UserID", "Department").hasSize(8);
    }

    @Test
    void updateUserNamesOnlyWhatChanged() throws Exception {
        SimUser before = SmallOrg.zhangsan();
        SimUser after = before.toBuilder().userId("zhangsan2").email("z2@example.com").build();
        Document doc = parse(events.updateUser(before, after, EventForm.FULL).orElseThrow().xml());
        assertThat(childNames(doc.getDocumentElement())).endsWith("ChangeType", "UserID", "NewUserID", "Email");
        assertThat(events.updateUser(before, before.toBuilder().email("x@y").build(), EventForm.SKELETON)).isEmpty();
        assertThat(events.updateUser(before, before.withStatus(5), EventForm.FULL).orElseThrow().xml())
                .endsWith("<Status>5</Status></xml>");
    }

    @Test
    void partyEvents() throws Exception {
        SimDepartment d = new SimDepartment(2, "张三", null, 1, 1, List.of());
        assertThat(childNames(parse(events.createParty(d, EventForm.FULL).xml()).getDocumentElement()))
                .endsWith("ChangeType", "Id", "Name", "ParentId", "Order");
        assertThat(childNames(parse(events.createParty(d, EventForm.SKELETON).xml()).getDocumentElement()))
                .endsWith("ChangeType", "Id", "ParentId");
        assertThat(events.updateParty(d, d.withName("李四"), EventForm.SKELETON)).isEmpty();
        assertThat(events.updateParty(d, d.withOrder(5), EventForm.FULL)).isEmpty();
        assertThat(childNames(parse(events.updateParty(d, d.withName("李四").withParentId(3), EventForm.FULL)
                .orElseThrow().xml()).getDocumentElement())).endsWith("Id", "Name", "ParentId");
    }

    @Test
    void cdataIsEscapedSafely() throws Exception {
        SimUser odd = SimUser.builder("odd", "a]]>b<c>").department(1).build();
        assertThat(text(parse(events.createUser(odd, EventForm.FULL).xml()), "Name")).isEqualTo("a]]>b<c>");
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setCoalescing(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static String text(Document doc, String tag) {
        return doc.getElementsByTagName(tag).item(0).getTextContent();
    }

    private static List<String> childNames(Element e) {
        List<String> out = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.ELEMENT_NODE) out.add(n.getNodeName());
        }
        return out;
    }
}
