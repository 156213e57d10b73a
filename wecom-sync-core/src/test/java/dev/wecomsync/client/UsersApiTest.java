package dev.wecomsync.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wecomsync.model.ExtAttr;
import dev.wecomsync.model.Gender;
import dev.wecomsync.model.User;
import dev.wecomsync.model.UserDepartment;
import dev.wecomsync.model.UserStatus;
import dev.wecomsync.model.UserSummary;
import java.util.List;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UsersApiTest {

    /** WeCom's documented user/get sample (fields of every kind), with an order above 2^31 and an unknown field. */
    static final String USER_GET = """
            {
                "errcode": 0,
                "errmsg": "ok",
                "userid": "zhangsan",
                "name": "张三",
                "department": [1, 2],
                "order": [1, 4294967290],
                "position": "后台工程师",
                "mobile": "13800000000",
                "gender": "1",
                "email": "zhangsan@gzdev.com",
                "biz_mail": "zhangsan@qyycs2.wecom.work",
                "is_leader_in_dept": [1, 0],
                "direct_leader": ["lisi"],
                "avatar": "http://wx.qlogo.cn/mmopen/ajNVdqHZLLA3WJ6DSZUfiakYe37PKnQhBIeOQBO4czqrnZDS79FH5Wm5m4X69TBicnHFlhiafvDwklOpZeXYQQ2icg/0",
                "thumb_avatar": "http://wx.qlogo.cn/mmopen/ajNVdqHZLLA3WJ6DSZUfiakYe37PKnQhBIeOQBO4czqrnZDS79FH5Wm5m4X69TBicnHFlhiafvDwklOpZeXYQQ2icg/100",
                "telephone": "020-123456",
                "alias": "jackzhang",
                "address": "广州市海珠区新港中路",
                "open_userid": "xxxxxx",
                "main_department": 1,
                "extattr": {
                    "attrs": [
                        {"type": 0, "name": "文本名称", "text": {"value": "文本"}},
                        {"type": 1, "name": "网页名称", "web": {"url": "http://www.test.com", "title": "标题"}},
                        {"type": 2, "name": "小程序名称", "miniprogram": {"appid": "wx8bd80126147dfAAA"}}
                    ]
                },
                "status": 1,
                "qr_code": "https://open.work.weixin.qq.com/wwopen/userQRCode?vcode=xxx",
                "external_position": "产品经理",
                "external_profile": {
                    "external_corp_name": "企业简称",
                    "external_attr": [{"type": 0, "name": "文本名称", "text": {"value": "文本"}}]
                },
                "a_field_from_2030": {"nested": true}
            }""";

    ClientFixture fixture;
    WeComClient client;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new ClientFixture();
        client = fixture.client();
        fixture.enqueueToken();
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void getParsesEveryField() throws Exception {
        fixture.enqueue(USER_GET);

        User user = client.users().get("zhangsan");

        assertThat(user.userId()).isEqualTo("zhangsan");
        assertThat(user.name()).isEqualTo("张三");
        assertThat(user.departments()).containsExactly(1L, 2L);
        assertThat(user.orders()).containsExactly(1L, 4294967290L);
        assertThat(user.mainDepartment()).isEqualTo(1);
        assertThat(user.leaderInDepartments()).containsExactly(true, false);
        assertThat(user.directLeaders()).containsExactly("lisi");
        assertThat(user.position()).isEqualTo("后台工程师");
        assertThat(user.status()).isEqualTo(UserStatus.ACTIVE);
        assertThat(user.mobile()).isEqualTo("13800000000");
        assertThat(user.email()).isEqualTo("zhangsan@gzdev.com");
        assertThat(user.bizMail()).isEqualTo("zhangsan@qyycs2.wecom.work");
        assertThat(user.gender()).isEqualTo(Gender.MALE);
        assertThat(user.avatar()).endsWith("/0");
        assertThat(user.thumbAvatar()).endsWith("/100");
        assertThat(user.telephone()).isEqualTo("020-123456");
        assertThat(user.alias()).isEqualTo("jackzhang");
        assertThat(user.address()).isEqualTo("广州市海珠区新港中路");
        assertThat(user.openUserId()).isEqualTo("xxxxxx");
        assertThat(user.qrCode()).startsWith("https://open.work.weixin.qq.com/");
        assertThat(user.externalPosition()).isEqualTo("产品经理");
        assertThat(user.extAttrs()).containsExactly(
                ExtAttr.text("文本名称", "文本"),
                ExtAttr.web("网页名称", "http://www.test.com", "标题"),
                new ExtAttr("小程序名称", ExtAttr.Type.UNKNOWN, null, null, null));
        JsonNode profile = new ObjectMapper().readTree(user.externalProfileJson());
        assertThat(profile.path("external_corp_name").asText()).isEqualTo("企业简称");
        assertThat(profile.path("external_attr").size()).isEqualTo(1);

        fixture.takeToken();
        RecordedRequest request = fixture.take();
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/cgi-bin/user/get");
        assertThat(request.getUrl().queryParameter("userid")).isEqualTo("zhangsan");
    }

    @Test
    void withheldFieldsAreNullNeverEmpty() {
        // What an app created after 2022-06-20 gets: no mobile, gender, email, avatar, address, qr_code;
        // some fields present but empty.
        fixture.enqueue("""
                {"errcode": 0, "errmsg": "ok", "userid": "lisi", "name": "李四", "department": [3],
                 "position": "", "telephone": "", "status": 4, "main_department": 3}""");

        User user = client.users().get("lisi");

        assertThat(user.mobile()).isNull();
        assertThat(user.gender()).isNull();
        assertThat(user.email()).isNull();
        assertThat(user.bizMail()).isNull();
        assertThat(user.avatar()).isNull();
        assertThat(user.thumbAvatar()).isNull();
        assertThat(user.address()).isNull();
        assertThat(user.qrCode()).isNull();
        assertThat(user.position()).isNull();
        assertThat(user.telephone()).isNull();
        assertThat(user.externalProfileJson()).isNull();
        assertThat(user.orders()).isEmpty();
        assertThat(user.leaderInDepartments()).isEmpty();
        assertThat(user.extAttrs()).isEmpty();
        assertThat(user.status()).isEqualTo(UserStatus.INACTIVE);
    }

    @Test
    void genderAsNumberAndUnknownStatus() {
        fixture.enqueue("{\"errcode\":0,\"errmsg\":\"ok\",\"userid\":\"w\",\"gender\":2,\"status\":9}");

        User user = client.users().get("w");

        assertThat(user.gender()).isEqualTo(Gender.FEMALE);
        assertThat(user.status()).isEqualTo(UserStatus.UNKNOWN);
    }

    @Test
    void genderZeroIsUnspecified() {
        fixture.enqueue("{\"errcode\":0,\"errmsg\":\"ok\",\"userid\":\"w\",\"gender\":\"0\"}");

        assertThat(client.users().get("w").gender()).isEqualTo(Gender.UNSPECIFIED);
    }

    @Test
    void useridIsUrlEncoded() throws Exception {
        fixture.enqueue("{\"errcode\":0,\"errmsg\":\"ok\",\"userid\":\"a&b=c d+é\"}");

        client.users().get("a&b=c d+é");

        fixture.takeToken();
        RecordedRequest request = fixture.take();
        assertThat(request.getUrl().queryParameter("userid")).isEqualTo("a&b=c d+é");
        assertThat(request.getUrl().queryParameterNames()).containsExactlyInAnyOrder("access_token", "userid");
        assertThat(request.getUrl().encodedQuery()).doesNotContain("&b=");
    }

    @Test
    void getOfMissingUserIsNotFound() {
        fixture.enqueueError(60111, "userid not found");

        assertThatThrownBy(() -> client.users().get("ghost"))
                .isInstanceOfSatisfying(WeComApiException.class, e -> {
                    assertThat(e.isUserNotFound()).isTrue();
                    assertThat(e.api()).isEqualTo("user/get");
                });
    }

    @Test
    void listParsesUserlist() throws Exception {
        fixture.enqueue("""
                {"errcode": 0, "errmsg": "ok",
                 "userlist": [
                   {"userid": "zhangsan", "name": "张三", "department": [1, 2], "order": [1, 2],
                    "is_leader_in_dept": [1, 0], "main_department": 1, "status": 1, "gender": "1"},
                   {"userid": "lisi", "name": "李四", "department": [1], "status": 5, "unknown": 1}
                 ]}""");

        List<User> users = client.users().list(1);

        assertThat(users).extracting(User::userId).containsExactly("zhangsan", "lisi");
        assertThat(users.get(0).leaderInDepartments()).containsExactly(true, false);
        assertThat(users.get(1).status()).isEqualTo(UserStatus.EXITED);
        fixture.takeToken();
        RecordedRequest request = fixture.take();
        assertThat(request.getUrl().encodedPath()).isEqualTo("/cgi-bin/user/list");
        assertThat(request.getUrl().queryParameter("department_id")).isEqualTo("1");
    }

    @Test
    void simpleListParsesSummaries() throws Exception {
        fixture.enqueue("""
                {"errcode": 0, "errmsg": "ok",
                 "userlist": [{"userid": "zhangsan", "name": "张三", "department": [1, 2], "open_userid": "xxxxxx"},
                              {"userid": "lisi", "department": [2]}]}""");

        List<UserSummary> users = client.users().simpleList(2);

        assertThat(users).containsExactly(
                new UserSummary("zhangsan", "张三", List.of(1L, 2L), "xxxxxx"),
                new UserSummary("lisi", null, List.of(2L), null));
        fixture.takeToken();
        RecordedRequest request = fixture.take();
        assertThat(request.getUrl().encodedPath()).isEqualTo("/cgi-bin/user/simplelist");
        assertThat(request.getUrl().queryParameter("department_id")).isEqualTo("2");
    }

    @Test
    void listIdsOnePagePostsCursorAndLimit() throws Exception {
        fixture.enqueue("""
                {"errcode": 0, "errmsg": "ok", "next_cursor": "GNIJIGEO",
                 "dept_user": [{"userid": "zhangsan", "department": 1}, {"userid": "zhangsan", "department": 2},
                               {"userid": "lisi", "department": 2}]}""");

        Page<UserDepartment> page = client.users().listIds("CURSOR-1", 500);

        assertThat(page.items()).containsExactly(
                new UserDepartment("zhangsan", 1), new UserDepartment("zhangsan", 2), new UserDepartment("lisi", 2));
        assertThat(page.nextCursor()).contains("GNIJIGEO");
        assertThat(page.hasMore()).isTrue();
        fixture.takeToken();
        RecordedRequest request = fixture.take();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/cgi-bin/user/list_id");
        assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
        JsonNode body = new ObjectMapper().readTree(request.getBody().utf8());
        assertThat(body.path("cursor").asText()).isEqualTo("CURSOR-1");
        assertThat(body.path("limit").asInt()).isEqualTo(500);
    }

    @Test
    void listIdsFirstPageSendsNoCursor() throws Exception {
        fixture.enqueue("{\"errcode\":0,\"errmsg\":\"ok\",\"next_cursor\":\"\",\"dept_user\":[]}");

        Page<UserDepartment> page = client.users().listIds(null, 10_000);

        assertThat(page.items()).isEmpty();
        assertThat(page.nextCursor()).isEmpty();
        fixture.takeToken();
        JsonNode body = new ObjectMapper().readTree(fixture.take().getBody().utf8());
        assertThat(body.has("cursor")).isFalse();
        assertThat(body.path("limit").asInt()).isEqualTo(10_000);
    }

    @Test
    void listIdsRejectsLimitsOutsideWeComsRange() {
        assertThatThrownBy(() -> client.users().listIds(null, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.users().listIds(null, 10_001))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("limit must be in [1, 10000]: 10001");
        assertThat(fixture.server.getRequestCount()).isZero();
    }

    @Test
    void listIdsFollowsCursorsAcrossPages() throws Exception {
        fixture.enqueue("{\"errcode\":0,\"errmsg\":\"ok\",\"next_cursor\":\"C1\",\"dept_user\":[{\"userid\":\"a\",\"department\":1}]}");
        fixture.enqueue("{\"errcode\":0,\"errmsg\":\"ok\",\"next_cursor\":\"C2\",\"dept_user\":[]}");
        fixture.enqueue("{\"errcode\":0,\"errmsg\":\"ok\",\"dept_user\":[{\"userid\":\"b\",\"department\":2},{\"userid\":\"c\",\"department\":2}]}");

        List<UserDepartment> rows = client.users().listIds().stream().toList();

        assertThat(rows).extracting(UserDepartment::userId).containsExactly("a", "b", "c");
        fixture.takeToken();
        ObjectMapper mapper = new ObjectMapper();
        JsonNode first = mapper.readTree(fixture.take().getBody().utf8());
        JsonNode second = mapper.readTree(fixture.take().getBody().utf8());
        JsonNode third = mapper.readTree(fixture.take().getBody().utf8());
        assertThat(first.has("cursor")).isFalse();
        assertThat(first.path("limit").asInt()).isEqualTo(10_000);
        assertThat(second.path("cursor").asText()).isEqualTo("C1");
        assertThat(third.path("cursor").asText()).isEqualTo("C2");
        assertThat(fixture.server.getRequestCount()).isEqualTo(4);
    }

    @Test
    void listIdsStopsWhenWeComRepeatsACursor() {
        fixture.enqueue("{\"errcode\":0,\"errmsg\":\"ok\",\"next_cursor\":\"SAME\",\"dept_user\":[{\"userid\":\"a\",\"department\":1}]}");
        fixture.enqueue("{\"errcode\":0,\"errmsg\":\"ok\",\"next_cursor\":\"SAME\",\"dept_user\":[{\"userid\":\"b\",\"department\":1}]}");

        assertThatThrownBy(() -> client.users().listIds().stream().toList())
                .isInstanceOf(WeComException.class)
                .hasMessageContaining("same cursor");
        assertThat(fixture.server.getRequestCount()).isEqualTo(3);
    }
}
