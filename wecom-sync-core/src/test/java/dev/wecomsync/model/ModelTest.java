package dev.wecomsync.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelTest {

    @Test
    void userListsAreCopiedAndNeverNull() {
        List<Long> departments = new ArrayList<>(List.of(1L, 2L));
        User user = User.builder("ZhangSan").departments(departments).orders(null).build();
        departments.add(3L);

        assertThat(user.departments()).containsExactly(1L, 2L);
        assertThat(user.orders()).isEmpty();
        assertThat(user.extAttrs()).isEmpty();
        assertThat(user.status()).isEqualTo(UserStatus.UNKNOWN);
        assertThat(user.mobile()).isNull();
        assertThatThrownBy(() -> user.departments().add(4L)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void toBuilderRoundTrips() {
        User user = User.builder("lisi").name("李四").departments(List.of(1L)).orders(List.of(4294967295L))
                .gender(Gender.FEMALE).status(UserStatus.EXITED).extAttrs(List.of(ExtAttr.text("工号", "007")))
                .build();
        assertThat(user.toBuilder().build()).isEqualTo(user);
        assertThat(user.toBuilder().name("王五").build().name()).isEqualTo("王五");
    }

    @Test
    void userIdsCompareIgnoringCase() {
        User user = User.builder("ZhangSan").build();
        assertThat(user.sameUserId("zhangsan")).isTrue();
        assertThat(user.sameUserId("zhangsan2")).isFalse();
        assertThat(user.sameUserId(null)).isFalse();
        assertThat(User.normalizeUserId("ZhangSan")).isEqualTo("zhangsan");
    }

    @Test
    void statusAndGenderCodes() {
        assertThat(UserStatus.fromCode(1)).isEqualTo(UserStatus.ACTIVE);
        assertThat(UserStatus.fromCode(2)).isEqualTo(UserStatus.DISABLED);
        assertThat(UserStatus.fromCode(4)).isEqualTo(UserStatus.INACTIVE);
        assertThat(UserStatus.fromCode(5)).isEqualTo(UserStatus.EXITED);
        assertThat(UserStatus.fromCode(3)).isEqualTo(UserStatus.UNKNOWN);
        assertThat(UserStatus.fromCode(0)).isEqualTo(UserStatus.UNKNOWN);
        assertThat(Gender.fromCode("1")).isEqualTo(Gender.MALE);
        assertThat(Gender.fromCode("2")).isEqualTo(Gender.FEMALE);
        assertThat(Gender.fromCode("0")).isEqualTo(Gender.UNSPECIFIED);
        assertThat(Gender.fromCode(null)).isNull();
    }

    @Test
    void departmentFromSimpleListHasNoNames() {
        Department d = Department.of(new DepartmentRef(7, 1, 3_000_000_000L));
        assertThat(d.name()).isNull();
        assertThat(d.order()).isEqualTo(3_000_000_000L);
        assertThat(d.leaders()).isEmpty();
        assertThat(d.isRoot()).isFalse();
        assertThat(new Department(1, "总部", null, 0, 0, null).isRoot()).isTrue();
        assertThatThrownBy(() -> new Department(0, "x", null, 0, 0, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("id");
    }

    @Test
    void userToStringHidesPersonalValuesButSaysWhetherTheyArePresent() {
        User user = User.builder("zhangsan").name("张三").position("工程师").mobile("13800000000")
                .email("zs@example.com").bizMail("zs@corp.example").telephone("010-1234").address("北京市海淀区")
                .gender(Gender.MALE).avatar("https://img/a").qrCode("https://qr/a")
                .extAttrs(List.of(ExtAttr.text("身份证", "110101199001011234"))).externalProfileJson("{\"a\":1}")
                .build();

        String text = user.toString();

        assertThat(text).contains("userId=zhangsan", "name=张三", "position=工程师", "mobile=\u2588\u2588",
                "email=\u2588\u2588", "thumbAvatar=null", "extAttrs=[1 redacted]");
        assertThat(text).doesNotContain("13800000000", "zs@example.com", "zs@corp.example", "010-1234", "海淀",
                "MALE", "https://img/a", "https://qr/a", "110101199001011234", "\"a\"");
    }

    @Test
    void departmentBuilderRoundTripsAndChecksTheId() {
        Department d = Department.builder(7).name("研发").nameEn("R&D").parentId(1).order(3_000_000_000L)
                .leaders(List.of("boss")).build();

        assertThat(d).isEqualTo(new Department(7, "研发", "R&D", 1, 3_000_000_000L, List.of("boss")));
        assertThat(d.toBuilder().build()).isEqualTo(d);
        assertThat(Department.builder(2).build().leaders()).isEmpty();
        assertThatThrownBy(() -> Department.builder(0).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("id must be positive");
    }
}
