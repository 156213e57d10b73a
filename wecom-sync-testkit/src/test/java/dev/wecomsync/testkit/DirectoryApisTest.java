package dev.wecomsync.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each directory API's JSON ({@code department/list}, {@code user/get}, …) against the shapes WeCom documents. */
class DirectoryApisTest {

    private WeComSimulator sim;
    private ApiCalls api;
    private String token;

    @BeforeEach
    void start() {
        sim = WeComSimulator.builder().org(SmallOrg.create()).build();
        sim.addAppSecret("app-secret");
        api = new ApiCalls(sim);
        token = api.token("app-secret");
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void baseUrlIsLoopbackEndingInSlash() {
        assertThat(sim.baseUrl()).matches("http://127\\.0\\.0\\.1:\\d+/");
        assertThat(sim.corpId()).startsWith("ww");
    }

    @Test
    void departmentListHasEveryFieldAndParentsFirst() {
        JsonNode r = api.get(token, "department/list");
        assertThat(r.path("errcode").asInt()).isZero();
        assertThat(r.path("errmsg").asText()).isEqualTo("ok");
        assertThat(ids(r.path("department"))).containsExactly(1L, 2L, 4L, 3L);
        JsonNode rd = r.path("department").get(1);
        assertThat(rd.path("name").asText()).isEqualTo("研发部");
        assertThat(rd.path("name_en").asText()).isEqualTo("R&D");
        assertThat(rd.path("parentid").asLong()).isEqualTo(1);
        assertThat(rd.path("order").asLong()).isEqualTo(SmallOrg.ORDER_ABOVE_2_31);
        assertThat(rd.path("department_leader").get(0).asText()).isEqualTo("zhangsan");
        assertThat(r.path("department").get(0).path("parentid").asLong()).isZero();
        assertThat(r.path("department").get(3).has("name_en")).isFalse();
    }

    @Test
    void departmentListWithIdIsTheSubtree() {
        assertThat(ids(api.get(token, "department/list", "id", "2").path("department"))).containsExactly(2L, 3L);
        assertThat(api.get(token, "department/list", "id", "99").path("errcode").asInt()).isEqualTo(60123);
    }

    @Test
    void departmentSimpleListHasIdParentOrder() {
        JsonNode r = api.get(token, "department/simplelist");
        JsonNode first = r.path("department_id").get(1);
        assertThat(ids(r.path("department_id"))).containsExactly(1L, 2L, 4L, 3L);
        assertThat(fieldNames(first)).containsExactlyInAnyOrder("id", "parentid", "order");
        assertThat(first.path("order").asLong()).isEqualTo(SmallOrg.ORDER_ABOVE_2_31);
        assertThat(ids(api.get(token, "department/simplelist", "id", "2").path("department_id"))).containsExactly(2L, 3L);
    }

    @Test
    void departmentGet() {
        JsonNode r = api.get(token, "department/get", "id", "3");
        assertThat(r.path("department").path("name").asText()).isEqualTo("测试组");
        assertThat(r.path("department").path("parentid").asLong()).isEqualTo(2);
        assertThat(api.get(token, "department/get", "id", "99").path("errcode").asInt()).isEqualTo(60123);
        assertThat(api.get(token, "department/get").path("errcode").asInt()).isEqualTo(40058);
    }

    @Test
    void userGetHasEveryFieldOfTheSpec() {
        JsonNode u = api.get(token, "user/get", "userid", "zhangsan");
        assertThat(u.path("errcode").asInt()).isZero();
        assertThat(fieldNames(u)).contains("userid", "name", "department", "order", "main_department",
                "is_leader_in_dept", "direct_leader", "position", "mobile", "gender", "email", "biz_mail", "avatar",
                "thumb_avatar", "telephone", "alias", "address", "open_userid", "status", "qr_code", "external_position",
                "extattr", "external_profile");
        assertThat(u.path("department").toString()).isEqualTo("[2,3]");
        assertThat(u.path("order").toString()).isEqualTo("[" + SmallOrg.ORDER_ABOVE_2_31 + ",5]");
        assertThat(u.path("is_leader_in_dept").toString()).isEqualTo("[1,0]");
        assertThat(u.path("gender").isTextual()).isTrue();
        assertThat(u.path("gender").asText()).isEqualTo("1");
        assertThat(u.path("status").asInt()).isEqualTo(1);
        assertThat(u.path("main_department").asLong()).isEqualTo(2);
        JsonNode attrs = u.path("extattr").path("attrs");
        assertThat(attrs.get(0).path("type").asInt()).isZero();
        assertThat(attrs.get(0).path("text").path("value").asText()).isEqualTo("旅游");
        assertThat(attrs.get(1).path("web").path("url").asText()).isEqualTo("https://work.weixin.qq.com");
        assertThat(attrs.get(1).path("web").path("title").asText()).isEqualTo("企业微信");
        assertThat(u.path("external_profile").path("external_corp_name").asText()).isEqualTo("企业简称");
        assertThat(u.path("external_profile").path("external_attr").size()).isEqualTo(1);
    }

    @Test
    void userGetIgnoresCaseAndAnswers60111WhenMissing() {
        assertThat(api.get(token, "user/get", "userid", "ZhangSan").path("userid").asText()).isEqualTo("zhangsan");
        JsonNode missing = api.get(token, "user/get", "userid", "nobody");
        assertThat(missing.path("errcode").asInt()).isEqualTo(60111);
        assertThat(missing.path("errmsg").asText()).startsWith("userid not found, hint: [");
    }

    @Test
    void emptyFieldsAreEmptyStringsForOldApps() {
        JsonNode u = api.get(token, "user/get", "userid", "lisi");
        assertThat(u.path("mobile").isTextual()).isTrue();
        assertThat(u.path("mobile").asText()).isEmpty();
        assertThat(u.path("gender").asText()).isEqualTo("0");
        assertThat(u.path("status").asInt()).isEqualTo(4);
        assertThat(u.has("external_profile")).isFalse();
    }

    @Test
    void userListHasDirectMembersOnly() {
        JsonNode r = api.get(token, "user/list", "department_id", "2");
        assertThat(userIds(r.path("userlist"))).containsExactly("zhangsan");
        assertThat(userIds(api.get(token, "user/list", "department_id", "3").path("userlist")))
                .containsExactly("zhangsan", "wangwu");
        assertThat(api.get(token, "user/list", "department_id", "1").path("userlist").size()).isZero();
        assertThat(r.path("userlist").get(0).path("email").asText()).isEqualTo("zhangsan@example.com");
        assertThat(api.get(token, "user/list", "department_id", "99").path("errcode").asInt()).isEqualTo(60123);
    }

    @Test
    void userSimpleListHasTheFourFields() {
        JsonNode r = api.get(token, "user/simplelist", "department_id", "3");
        assertThat(userIds(r.path("userlist"))).containsExactly("zhangsan", "wangwu");
        assertThat(fieldNames(r.path("userlist").get(0)))
                .containsExactlyInAnyOrder("userid", "name", "department", "open_userid");
        assertThat(r.path("userlist").get(0).path("department").toString()).isEqualTo("[2,3]");
    }

    @Test
    void mutationsShowOnTheNextCall() {
        sim.org().updateUser("wangwu", u -> u.withPosition("测试经理"));
        sim.org().addDepartment(SimDepartment.of(5, "新部门", 4));
        assertThat(api.get(token, "user/get", "userid", "wangwu").path("position").asText()).isEqualTo("测试经理");
        assertThat(api.get(token, "department/get", "id", "5").path("department").path("parentid").asLong()).isEqualTo(4);
        sim.org().deleteUser("wangwu");
        assertThat(api.get(token, "user/get", "userid", "wangwu").path("errcode").asInt()).isEqualTo(60111);
    }

    @Test
    void unknownApiIs404AndCounted() throws Exception {
        assertThat(ApiCalls.status(sim, "user/nope")).isEqualTo(404);
        assertThat(sim.callCount("user/nope")).isEqualTo(1);
    }

    static List<Long> ids(JsonNode array) {
        List<Long> out = new ArrayList<>();
        array.forEach(n -> out.add(n.path("id").asLong()));
        return out;
    }

    static List<String> userIds(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.path("userid").asText()));
        return out;
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
