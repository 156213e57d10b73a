package dev.wecomsync.callback.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wecomsync.callback.BatchJobFinished;
import dev.wecomsync.callback.ContactEvent;
import dev.wecomsync.callback.DepartmentCreated;
import dev.wecomsync.callback.DepartmentDeleted;
import dev.wecomsync.callback.DepartmentUpdated;
import dev.wecomsync.callback.TagUpdated;
import dev.wecomsync.callback.UnknownEvent;
import dev.wecomsync.callback.UserCreated;
import dev.wecomsync.callback.UserDeleted;
import dev.wecomsync.callback.UserFields;
import dev.wecomsync.callback.UserUpdated;
import dev.wecomsync.model.ExtAttr;
import dev.wecomsync.model.Gender;
import dev.wecomsync.model.UserStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * Every contact change event WeCom documents ({@code create_user} … {@code update_tag}, {@code batch_job_result}),
 * and the shapes WeCom may send around them.
 */
class EventParserTest {
    private static final Instant T_2014 = Instant.ofEpochSecond(1403610513);

    @Test
    void createUser() throws Exception {
        String xml = fixture("create_user.xml");
        UserCreated e = (UserCreated) EventParser.parse(xml);
        assertThat(e.corpId()).isEqualTo("toUser");
        assertThat(e.createTime()).isEqualTo(T_2014);
        assertThat(e.rawXml()).isEqualTo(xml);
        assertThat(e.userId()).isEqualTo("zhangsan");
        UserFields f = e.fields();
        assertThat(f.name()).contains("张三");
        assertThat(f.departments()).contains(List.of(1L, 2L, 3L));
        assertThat(f.mainDepartment()).isEqualTo(OptionalLong.of(1));
        assertThat(f.leaderInDepartments()).contains(List.of(true, false, false));
        assertThat(f.directLeaders()).contains(List.of("lisi", "wangwu"));
        assertThat(f.position()).contains("产品经理");
        assertThat(f.mobile()).contains("13800000000");
        assertThat(f.gender()).contains(Gender.MALE);
        assertThat(f.email()).contains("zhangsan@gzdev.com");
        assertThat(f.bizMail()).contains("zhangsan@qyycs2.wecom.work");
        assertThat(f.status()).contains(UserStatus.ACTIVE);
        assertThat(f.avatar()).hasValueSatisfying(a -> assertThat(a).startsWith("http://wx.qlogo.cn/"));
        assertThat(f.alias()).contains("zhangsan");
        assertThat(f.telephone()).contains("020-123456");
        assertThat(f.address()).contains("广州市");
        assertThat(f.extAttrs()).contains(List.of(
                ExtAttr.text("爱好", "旅游"), ExtAttr.web("卡号", "https://work.weixin.qq.com", "企业微信")));
        assertThat(e.toString()).doesNotContain("13800000000").contains("zhangsan");
    }

    @Test
    void updateUserWithRename() throws Exception {
        UserUpdated e = (UserUpdated) EventParser.parse(fixture("update_user.xml"));
        assertThat(e.userId()).isEqualTo("zhangsan");
        assertThat(e.newUserId()).contains("zhangsan001");
        UserFields c = e.changes();
        assertThat(c.name()).contains("张三");
        assertThat(c.departments()).contains(List.of(1L, 2L, 3L));
        assertThat(c.leaderInDepartments()).contains(List.of(true, false, false));
        assertThat(c.directLeaders()).as("not in this event").isEmpty();
        assertThat(c.bizMail()).as("not in this event").isEmpty();
        assertThat(c.mobile()).contains("13800000000");
        assertThat(c.extAttrs()).hasValueSatisfying(list -> assertThat(list).hasSize(2));
        assertThat(e.toString()).contains("newUserId=zhangsan001").doesNotContain("张三");
    }

    @Test
    void partialUpdateReportsOnlyWhatWasSent() throws Exception {
        UserUpdated e = (UserUpdated) EventParser.parse(fixture("update_user_partial.xml"));
        assertThat(e.corpId()).isEqualTo("w56c9fe3d50ad1ea2");
        assertThat(e.createTime()).isEqualTo(Instant.ofEpochSecond(1557241961));
        assertThat(e.userId()).isEqualTo("zhangsan");
        assertThat(e.newUserId()).isEmpty();
        UserFields c = e.changes();
        assertThat(c.address()).contains("11111");
        assertThat(c.extAttrs()).contains(List.of(
                ExtAttr.text("爱好", "111"), ExtAttr.text("入职时间", "11111")));
        assertThat(c.name()).isEmpty();
        assertThat(c.departments()).isEmpty();
        assertThat(c.mainDepartment()).isEmpty();
        assertThat(c.status()).isEmpty();
        assertThat(c.toString()).isEqualTo("UserFields[address, extAttrs]");
    }

    @Test
    void deleteUser() throws Exception {
        UserDeleted e = (UserDeleted) EventParser.parse(fixture("delete_user.xml"));
        assertThat(e.userId()).isEqualTo("zhangsan");
        assertThat(e.createTime()).isEqualTo(T_2014);
    }

    @Test
    void createParty() throws Exception {
        DepartmentCreated e = (DepartmentCreated) EventParser.parse(fixture("create_party.xml"));
        assertThat(e.departmentId()).isEqualTo(2);
        assertThat(e.name()).contains("张三");
        assertThat(e.parentId()).isEqualTo(OptionalLong.of(1));
        assertThat(e.order()).isEqualTo(OptionalLong.of(1));
        assertThat(e.corpId()).isEqualTo("toUser");
    }

    @Test
    void updateParty() throws Exception {
        DepartmentUpdated e = (DepartmentUpdated) EventParser.parse(fixture("update_party.xml"));
        assertThat(e.departmentId()).isEqualTo(2);
        assertThat(e.name()).contains("张三");
        assertThat(e.parentId()).isEqualTo(OptionalLong.of(1));
    }

    @Test
    void deleteParty() throws Exception {
        DepartmentDeleted e = (DepartmentDeleted) EventParser.parse(fixture("delete_party.xml"));
        assertThat(e.departmentId()).isEqualTo(2);
    }

    @Test
    void updateTag() throws Exception {
        TagUpdated e = (TagUpdated) EventParser.parse(fixture("update_tag.xml"));
        assertThat(e.tagId()).isEqualTo(1);
        assertThat(e.addedUserIds()).containsExactly("zhangsan", "lisi");
        assertThat(e.removedUserIds()).containsExactly("zhangsan1", "lisi1");
        assertThat(e.addedDepartmentIds()).containsExactly(1L, 2L);
        assertThat(e.removedDepartmentIds()).containsExactly(3L, 4L);
    }

    @Test
    void batchJobResult() throws Exception {
        BatchJobFinished e = (BatchJobFinished) EventParser.parse(fixture("batch_job_result.xml"));
        assertThat(e.corpId()).isEqualTo("wx28dbb14e3720FAKE");
        assertThat(e.createTime()).isEqualTo(Instant.ofEpochSecond(1425284517));
        assertThat(e.jobId()).isEqualTo("S0MrnndvRG5fadSlLwiBqiDDbM143UqTmKP3152FZk4");
        assertThat(e.jobType()).isEqualTo("sync_user");
        assertThat(e.errCode()).isZero();
        assertThat(e.errMsg()).isEqualTo("ok");
    }

    @Test
    void everyFixtureIsCoveredAbove() throws Exception {
        List<String> covered = List.of("batch_job_result.xml", "create_party.xml", "create_user.xml",
                "delete_party.xml", "delete_user.xml", "update_party.xml", "update_tag.xml",
                "update_user.xml", "update_user_partial.xml");
        String listing;
        try (InputStream in = EventParserTest.class.getResourceAsStream("/events/")) {
            listing = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> present = listing.lines().filter(n -> n.endsWith(".xml")).sorted().toList();
        assertThat(present).containsExactlyElementsOf(covered);
        for (String name : present) {
            assertThat(EventParser.parse(fixture(name))).isNotInstanceOf(UnknownEvent.class);
        }
    }

    @Test
    void plainTextAndCdataReadAlike() throws Exception {
        String plain = "<xml><ToUserName>ww1</ToUserName><CreateTime>1</CreateTime>"
                + "<MsgType>event</MsgType><Event>change_contact</Event><ChangeType>delete_party</ChangeType>"
                + "<Id>7</Id></xml>";
        String cdata = "<xml>\n  <ToUserName><![CDATA[ww1]]></ToUserName>\n <CreateTime><![CDATA[1]]></CreateTime>"
                + "<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_contact]]></Event>"
                + "<ChangeType><![CDATA[delete_party]]></ChangeType>\r\n<Id><![CDATA[7]]></Id></xml>";
        DepartmentDeleted a = (DepartmentDeleted) EventParser.parse(plain);
        DepartmentDeleted b = (DepartmentDeleted) EventParser.parse(cdata);
        assertThat(a.departmentId()).isEqualTo(b.departmentId()).isEqualTo(7);
        assertThat(a.corpId()).isEqualTo(b.corpId()).isEqualTo("ww1");
    }

    @Test
    void emptyElementIsPresentAndEmptyAndUnknownElementsAreIgnored() throws Exception {
        ContactEvent e = EventParser.parse(envelope("update_user",
                "<UserID>u1</UserID><Department></Department><Position/><Surprise><A>1</A></Surprise>"
                        + "<ExtAttr><Item><Name>single</Name><Value>legacy</Value></Item></ExtAttr>"));
        UserFields c = ((UserUpdated) e).changes();
        assertThat(c.departments()).contains(List.of());
        assertThat(c.position()).contains("");
        assertThat(c.name()).isEmpty();
        assertThat(c.extAttrs()).contains(List.of(
                ExtAttr.text("single", "legacy")));
    }

    @Test
    void unknownChangeTypeOrEventOrMessageTypeIsUnknownEventNotAnError() throws Exception {
        UnknownEvent change = (UnknownEvent) EventParser.parse(envelope("update_galaxy", "<Id>1</Id>"));
        assertThat(change.changeType()).isEqualTo("update_galaxy");
        assertThat(change.event()).isEqualTo("change_contact");

        UnknownEvent event = (UnknownEvent) EventParser.parse("<xml><ToUserName>ww1</ToUserName>"
                + "<CreateTime>5</CreateTime><MsgType>event</MsgType><Event>enter_agent</Event></xml>");
        assertThat(event.event()).isEqualTo("enter_agent");
        assertThat(event.changeType()).isEmpty();

        // Vector A2's plaintext: a chat message, not an event.
        UnknownEvent text = (UnknownEvent) EventParser.parse("<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]>"
                + "</ToUserName>\n<FromUserName><![CDATA[mycreate]]></FromUserName>\n<CreateTime>1409659813"
                + "</CreateTime>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[hello]]></Content>\n"
                + "<MsgId>4561255354251345929</MsgId>\n<AgentID>218</AgentID>\n</xml>");
        assertThat(text.msgType()).isEqualTo("text");
        assertThat(text.corpId()).isEqualTo("wx5823bf96d3bd56c7");
        assertThat(text.createTime()).isEqualTo(Instant.ofEpochSecond(1409659813));
    }

    @Test
    void listsSkipBlanksAndBadNumbersMakeTheFieldAbsent() throws Exception {
        UserCreated e = (UserCreated) EventParser.parse(envelope("create_user",
                "<UserID> u1 </UserID><Department>1, 2,,3</Department><IsLeaderInDept>1,x</IsLeaderInDept>"
                        + "<MainDepartment>main</MainDepartment><Status>4</Status>"));
        assertThat(e.userId()).isEqualTo("u1");
        assertThat(e.fields().departments()).contains(List.of(1L, 2L, 3L));
        assertThat(e.fields().leaderInDepartments()).isEmpty();
        assertThat(e.fields().mainDepartment()).isEmpty();
        assertThat(e.fields().status()).contains(UserStatus.INACTIVE);
    }

    @Test
    void missingIdsOrCreateTimeAreMalformed() {
        assertThatThrownBy(() -> EventParser.parse(envelope("delete_user", "")))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("UserID");
        assertThatThrownBy(() -> EventParser.parse(envelope("delete_party", "<Id>two</Id>")))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("Id");
        assertThatThrownBy(() -> EventParser.parse("<xml><Event>change_contact</Event></xml>"))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("CreateTime");
        // found by fuzzing: a number of seconds beyond Instant's range was a DateTimeException
        assertThatThrownBy(() -> EventParser.parse("<xml><CreateTime>1403610511403610513</CreateTime></xml>"))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessage("message has a CreateTime out of range: 1403610511403610513");
        assertThatThrownBy(() -> EventParser.parse("<xml><a>unclosed</xml>"))
                .isInstanceOf(MalformedMessageException.class);
        assertThatThrownBy(() -> EventParser.parse("not xml"))
                .isInstanceOf(MalformedMessageException.class);
    }

    @Test
    void externalEntitiesAreNeverResolved() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                + "<xml><CreateTime>1</CreateTime><Event>change_contact</Event><ChangeType>delete_user"
                + "</ChangeType><UserID>&xxe;</UserID></xml>";
        assertThatThrownBy(() -> EventParser.parse(xxe))
                .isInstanceOf(MalformedMessageException.class)
                .satisfies(t -> assertThat(t.getMessage()).doesNotContain("root:"));
    }

    @Test
    void anyDtdIsRefusedEvenWithoutEntities() {
        assertThatThrownBy(() -> EventParser.parse("<!DOCTYPE xml><xml><CreateTime>1</CreateTime></xml>"))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("DTD");
    }

    @Test
    void dtdTextInsideContentIsNotADtd() throws Exception {
        UnknownEvent e = (UnknownEvent) EventParser.parse("<xml><CreateTime>1</CreateTime><MsgType>text</MsgType>"
                + "<Content><![CDATA[<!DOCTYPE html> is how pages start]]></Content></xml>");
        assertThat(e.msgType()).isEqualTo("text");
    }

    @Test
    void entityExpansionIsRefused() {
        StringBuilder dtd = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY l0 \"lol\">");
        for (int i = 1; i <= 10; i++) {
            dtd.append("<!ENTITY l").append(i).append(" \"");
            for (int j = 0; j < 10; j++) dtd.append("&l").append(i - 1).append(';');
            dtd.append("\">");
        }
        String bomb = dtd + "]><xml><CreateTime>1</CreateTime><Content>&l10;</Content></xml>";
        // Refused for its DTD, before any entity is read, let alone expanded.
        assertThatThrownBy(() -> EventParser.parse(bomb)).isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("declares a DTD");
    }

    static String envelope(String changeType, String rest) {
        return "<xml><ToUserName>ww1</ToUserName><FromUserName>sys</FromUserName>"
                + "<CreateTime>1700000000</CreateTime><MsgType>event</MsgType><Event>change_contact</Event>"
                + "<ChangeType>" + changeType + "</ChangeType>" + rest + "</xml>";
    }

    static String fixture(String name) throws IOException {
        try (InputStream in = EventParserTest.class.getResourceAsStream("/events/" + name)) {
            if (in == null) throw new IOException("no fixture " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
