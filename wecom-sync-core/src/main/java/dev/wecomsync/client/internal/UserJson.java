package dev.wecomsync.client.internal;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.wecomsync.model.ExtAttr;
import dev.wecomsync.model.Gender;
import dev.wecomsync.model.User;
import dev.wecomsync.model.UserDepartment;
import dev.wecomsync.model.UserStatus;
import dev.wecomsync.model.UserSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Maps WeCom's member JSON to {@link User}, {@link UserSummary} and {@link UserDepartment}.
 *
 * <p>Fields WeCom withheld (absent, JSON null or {@code ""}) become {@code null}; {@code gender}
 * may come as a string or a number; {@code external_profile} is kept as raw JSON.
 */
public final class UserJson {

    private UserJson() {
    }

    /** The body of {@code user/get}: the member's fields sit beside errcode. */
    public static User user(String api, JsonNode body) {
        return Json.map(api, body, UserDto.class, UserDto::toUser);
    }

    /** The {@code userlist} array of {@code user/list}. */
    public static List<User> users(String api, JsonNode array) {
        return Json.mapArray(api, array, UserDto.class, UserDto::toUser);
    }

    /** The {@code userlist} array of {@code user/simplelist}. */
    public static List<UserSummary> summaries(String api, JsonNode array) {
        return Json.mapArray(api, array, SummaryDto.class, SummaryDto::toSummary);
    }

    /** The {@code dept_user} array of {@code user/list_id}. */
    public static List<UserDepartment> userDepartments(String api, JsonNode array) {
        return Json.mapArray(api, array, RowDto.class, RowDto::toRow);
    }

    /** A text field of {@code body}; {@code null} when absent or empty. */
    public static String text(JsonNode body, String field) {
        return Json.text(body, field);
    }

    record UserDto(
            @JsonProperty("userid") String userId,
            String name,
            List<Long> department,
            List<Long> order,
            @JsonProperty("main_department") Long mainDepartment,
            @JsonProperty("is_leader_in_dept") List<Integer> isLeaderInDept,
            @JsonProperty("direct_leader") List<String> directLeader,
            String position,
            String mobile,
            JsonNode gender,
            String email,
            @JsonProperty("biz_mail") String bizMail,
            String avatar,
            @JsonProperty("thumb_avatar") String thumbAvatar,
            String telephone,
            String alias,
            String address,
            @JsonProperty("open_userid") String openUserId,
            Integer status,
            @JsonProperty("qr_code") String qrCode,
            @JsonProperty("external_position") String externalPosition,
            ExtAttrsDto extattr,
            @JsonProperty("external_profile") JsonNode externalProfile) {

        User toUser() {
            Objects.requireNonNull(Json.emptyToNull(userId), "member without userid");
            return User.builder(userId)
                    .name(Json.emptyToNull(name))
                    .departments(department)
                    .orders(order)
                    .mainDepartment(mainDepartment == null ? 0 : mainDepartment)
                    .leaderInDepartments(leaderFlags(isLeaderInDept))
                    .directLeaders(directLeader)
                    .position(Json.emptyToNull(position))
                    .status(status == null ? UserStatus.UNKNOWN : UserStatus.fromCode(status))
                    .mobile(Json.emptyToNull(mobile))
                    .email(Json.emptyToNull(email))
                    .bizMail(Json.emptyToNull(bizMail))
                    .gender(gender(gender))
                    .avatar(Json.emptyToNull(avatar))
                    .thumbAvatar(Json.emptyToNull(thumbAvatar))
                    .telephone(Json.emptyToNull(telephone))
                    .alias(Json.emptyToNull(alias))
                    .address(Json.emptyToNull(address))
                    .openUserId(Json.emptyToNull(openUserId))
                    .qrCode(Json.emptyToNull(qrCode))
                    .externalPosition(Json.emptyToNull(externalPosition))
                    .extAttrs(extattr == null ? List.of() : extattr.toExtAttrs())
                    .externalProfileJson(externalProfile == null || externalProfile.isNull() ? null : externalProfile.toString())
                    .build();
        }

        private static List<Boolean> leaderFlags(List<Integer> flags) {
            if (flags == null) {
                return List.of();
            }
            List<Boolean> result = new ArrayList<>(flags.size());
            for (Integer flag : flags) {
                result.add(flag != null && flag == 1);
            }
            return result;
        }

        private static Gender gender(JsonNode node) {
            if (node == null || node.isNull() || node.isContainerNode()) {
                return null;
            }
            return Gender.fromCode(Json.emptyToNull(node.asText()));
        }
    }

    record ExtAttrsDto(List<AttrDto> attrs) {

        List<ExtAttr> toExtAttrs() {
            if (attrs == null) {
                return List.of();
            }
            List<ExtAttr> result = new ArrayList<>(attrs.size());
            for (AttrDto attr : attrs) {
                if (attr != null && attr.name() != null) {
                    result.add(attr.toExtAttr());
                }
            }
            return result;
        }
    }

    record AttrDto(Integer type, String name, TextDto text, WebDto web, String value) {

        ExtAttr toExtAttr() {
            int kind = type != null ? type : text != null || value != null ? 0 : web != null ? 1 : -1;
            return switch (kind) {
                case 0 -> ExtAttr.text(name, Json.emptyToNull(text != null ? text.value() : value));
                case 1 -> ExtAttr.web(name, web == null ? null : Json.emptyToNull(web.url()),
                        web == null ? null : Json.emptyToNull(web.title()));
                default -> new ExtAttr(name, ExtAttr.Type.UNKNOWN, null, null, null);
            };
        }
    }

    record TextDto(String value) {
    }

    record WebDto(String url, String title) {
    }

    record SummaryDto(
            @JsonProperty("userid") String userId,
            String name,
            List<Long> department,
            @JsonProperty("open_userid") String openUserId) {

        UserSummary toSummary() {
            Objects.requireNonNull(Json.emptyToNull(userId), "member without userid");
            return new UserSummary(userId, Json.emptyToNull(name), department, Json.emptyToNull(openUserId));
        }
    }

    record RowDto(@JsonProperty("userid") String userId, Long department) {

        UserDepartment toRow() {
            Objects.requireNonNull(Json.emptyToNull(userId), "row without userid");
            Objects.requireNonNull(department, "row without department");
            return new UserDepartment(userId, department);
        }
    }
}
