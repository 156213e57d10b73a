package dev.wecomsync.client;

import static dev.wecomsync.client.ClientFixture.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wecomsync.model.Department;
import dev.wecomsync.model.DepartmentRef;
import java.util.List;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DepartmentsApiTest {

    /** WeCom's documented sample, plus an order above 2^31 and a field WeCom might add one day. */
    static final String LIST = """
            {
               "errcode": 0,
               "errmsg": "ok",
               "department": [
                   {"id": 2, "name": "广州研发中心", "name_en": "RDGZ", "department_leader": ["zhangsan", "lisi"],
                    "parentid": 1, "order": 10},
                   {"id": 3, "name": "邮箱产品部", "name_en": "mail", "department_leader": ["lisi", "wangwu"],
                    "parentid": 2, "order": 4294967295, "future_field": {"x": [1, 2]}}
               ]
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
    void listParsesDocumentedSample() throws Exception {
        fixture.enqueue(LIST);

        List<Department> departments = client.departments().list();

        assertThat(departments).containsExactly(
                new Department(2, "广州研发中心", "RDGZ", 1, 10, List.of("zhangsan", "lisi")),
                new Department(3, "邮箱产品部", "mail", 2, 4294967295L, List.of("lisi", "wangwu")));
        RecordedRequest gettoken = fixture.takeToken();
        assertThat(gettoken.getMethod()).isEqualTo("GET");
        assertThat(gettoken.getUrl().queryParameter("corpid")).isEqualTo(ClientFixture.CORP_ID);
        assertThat(gettoken.getUrl().queryParameter("corpsecret")).isEqualTo(ClientFixture.SECRET);
        RecordedRequest request = fixture.take();
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/cgi-bin/department/list");
        assertThat(request.getUrl().queryParameterNames()).containsExactly("access_token");
        assertThat(request.getUrl().queryParameter("access_token")).isEqualTo(TOKEN);
    }

    @Test
    void listWithRootSendsId() throws Exception {
        fixture.enqueue("{\"errcode\":0,\"errmsg\":\"ok\",\"department\":[{\"id\":5,\"name\":\"x\",\"parentid\":1,\"order\":1}]}");

        List<Department> departments = client.departments().list(5);

        assertThat(departments).containsExactly(new Department(5, "x", null, 1, 1, List.of()));
        fixture.takeToken();
        assertThat(fixture.take().getUrl().queryParameter("id")).isEqualTo("5");
    }

    @Test
    void withheldNamesAreNullNotEmpty() throws Exception {
        fixture.enqueue("{\"errcode\":0,\"errmsg\":\"ok\",\"department\":[{\"id\":7,\"name\":\"\",\"parentid\":1}]}");

        Department department = client.departments().list().get(0);

        assertThat(department.name()).isNull();
        assertThat(department.nameEn()).isNull();
        assertThat(department.order()).isZero();
        assertThat(department.leaders()).isEmpty();
    }

    @Test
    void simpleListParsesIdsParentsAndOrders() throws Exception {
        fixture.enqueue("""
                {"errcode": 0, "errmsg": "ok",
                 "department_id": [{"id": 1, "parentid": 0, "order": 100000000},
                                   {"id": 2, "parentid": 1, "order": 3000000000, "name": "ignored"}]}""");

        List<DepartmentRef> refs = client.departments().simpleList();

        assertThat(refs).containsExactly(new DepartmentRef(1, 0, 100000000), new DepartmentRef(2, 1, 3000000000L));
        fixture.takeToken();
        RecordedRequest request = fixture.take();
        assertThat(request.getUrl().encodedPath()).isEqualTo("/cgi-bin/department/simplelist");
        assertThat(request.getUrl().queryParameter("id")).isNull();
    }

    @Test
    void simpleListWithRoot() throws Exception {
        fixture.enqueue("{\"errcode\":0,\"errmsg\":\"ok\",\"department_id\":[]}");

        assertThat(client.departments().simpleList(42)).isEmpty();
        fixture.takeToken();
        RecordedRequest request = fixture.take();
        assertThat(request.getUrl().encodedPath()).isEqualTo("/cgi-bin/department/simplelist");
        assertThat(request.getUrl().queryParameter("id")).isEqualTo("42");
    }

    @Test
    void getParsesOneDepartment() throws Exception {
        fixture.enqueue("""
                {"errcode": 0, "errmsg": "ok",
                 "department": {"id": 2, "name": "广州研发中心", "name_en": "RDGZ",
                                "department_leader": ["zhangsan", "lisi"], "parentid": 1, "order": 10}}""");

        Department department = client.departments().get(2);

        assertThat(department).isEqualTo(new Department(2, "广州研发中心", "RDGZ", 1, 10, List.of("zhangsan", "lisi")));
        fixture.takeToken();
        RecordedRequest request = fixture.take();
        assertThat(request.getUrl().encodedPath()).isEqualTo("/cgi-bin/department/get");
        assertThat(request.getUrl().queryParameter("id")).isEqualTo("2");
    }

    @Test
    void getOfMissingDepartmentIsNotFound() {
        fixture.enqueueError(60123, "invalid party id, hint: [1700000000_1_abc], from ip: 1.2.3.4");

        assertThatThrownBy(() -> client.departments().get(99))
                .isInstanceOfSatisfying(WeComApiException.class, e -> {
                    assertThat(e.isDepartmentNotFound()).isTrue();
                    assertThat(e.isNotFound()).isTrue();
                    assertThat(e.api()).isEqualTo("department/get");
                    assertThat(e.errcode()).isEqualTo(60123);
                });
        assertThat(fixture.sleeper.sleeps).isEmpty();
    }

    @Test
    void departmentWithoutIdIsAMalformedResponse() {
        fixture.enqueue("{\"errcode\":0,\"errmsg\":\"ok\",\"department\":[{\"name\":\"no id\"}]}");

        assertThatThrownBy(() -> client.departments().list())
                .isInstanceOfSatisfying(WeComIoException.class, e -> assertThat(e.api()).isEqualTo("department/list"))
                .hasMessageContaining("department/list");
    }
}
