package dev.wecomsync.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A WeCom member, with every field {@code user/get} and {@code user/list} can return.
 *
 * <h2>Absent is not empty</h2>
 * Since June 2022 WeCom withholds {@code mobile}, {@code gender}, {@code email}, {@code bizMail},
 * {@code avatar}, {@code thumbAvatar}, {@code qrCode} and {@code address} from apps created after
 * 2022-06-20. A field WeCom did not send is {@code null}, never {@code ""}; lists are never null
 * (empty when absent).
 *
 * <h2>Aligned lists</h2>
 * {@code orders} and {@code leaderInDepartments} are aligned with {@code departments}: the i-th
 * entry belongs to the i-th department. WeCom may omit them; they are then empty.
 *
 * <h2>Userids</h2>
 * WeCom compares userids case-insensitively; so does {@link #sameUserId(String)}.
 *
 * <h2>Constructing and growing</h2>
 * Build members with {@link #builder(String)} or {@link #toBuilder()}: that is the supported way,
 * and it keeps working when WeCom adds a field and this record gains a component (unset fields
 * stay absent). The canonical constructor and record deconstruction patterns list every component
 * and change when one is added; accessors never disappear.
 *
 * <h2>Personal data</h2>
 * {@link #toString()} shows ids, name, structure, position and status, and only whether the
 * personal fields (mobile, email, business email, landline, address, gender, avatars, QR code,
 * custom fields, external profile) are present, never their values, so a member can be logged.
 *
 * @param userId the userid, 1 to 64 characters
 * @param name the display name; {@code null} when not readable
 * @param departments the ids of the departments the member belongs to
 * @param orders the member's sort key in each department, aligned with {@code departments}
 * @param mainDepartment the main department's id; 0 when not given
 * @param leaderInDepartments whether the member leads each department, aligned with {@code departments}
 * @param directLeaders userids of the member's direct leaders
 * @param position the job title; {@code null} when not given
 * @param status the member's status; {@link UserStatus#UNKNOWN} when not given
 * @param mobile the mobile number; {@code null} when withheld
 * @param email the email; {@code null} when withheld
 * @param bizMail the business email; {@code null} when withheld
 * @param gender the gender; {@code null} when withheld
 * @param avatar the avatar URL; {@code null} when withheld
 * @param thumbAvatar the thumbnail avatar URL; {@code null} when withheld
 * @param telephone the landline; {@code null} when not given
 * @param alias the English name / alias; {@code null} when not given
 * @param address the address; {@code null} when withheld
 * @param openUserId the corp-wide open userid; {@code null} when not given
 * @param qrCode the personal QR code URL; {@code null} when withheld
 * @param externalPosition the title shown to external contacts; {@code null} when not given
 * @param extAttrs custom fields; empty when none
 * @param externalProfileJson the {@code external_profile} object as raw JSON; {@code null} when absent
 */
public record User(
        String userId,
        String name,
        List<Long> departments,
        List<Long> orders,
        long mainDepartment,
        List<Boolean> leaderInDepartments,
        List<String> directLeaders,
        String position,
        UserStatus status,
        String mobile,
        String email,
        String bizMail,
        Gender gender,
        String avatar,
        String thumbAvatar,
        String telephone,
        String alias,
        String address,
        String openUserId,
        String qrCode,
        String externalPosition,
        List<ExtAttr> extAttrs,
        String externalProfileJson) {

    public User {
        Objects.requireNonNull(userId, "userId == null");
        departments = copy(departments);
        orders = copy(orders);
        leaderInDepartments = copy(leaderInDepartments);
        directLeaders = copy(directLeaders);
        extAttrs = copy(extAttrs);
        status = status == null ? UserStatus.UNKNOWN : status;
    }

    /** True when {@code otherUserId} names this member, compared as WeCom does (ignoring case). */
    public boolean sameUserId(String otherUserId) {
        return otherUserId != null && userId.equalsIgnoreCase(otherUserId);
    }

    /** The userid in the form used to compare ids: lower case, {@link Locale#ROOT}. */
    public static String normalizeUserId(String userId) {
        return userId.toLowerCase(Locale.ROOT);
    }

    /** A builder for a member with this userid; every other field starts absent. */
    public static Builder builder(String userId) {
        return new Builder().userId(userId);
    }

    /** A builder that starts from this member's fields. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.userId = userId;
        b.name = name;
        b.departments = new ArrayList<>(departments);
        b.orders = new ArrayList<>(orders);
        b.mainDepartment = mainDepartment;
        b.leaderInDepartments = new ArrayList<>(leaderInDepartments);
        b.directLeaders = new ArrayList<>(directLeaders);
        b.position = position;
        b.status = status;
        b.mobile = mobile;
        b.email = email;
        b.bizMail = bizMail;
        b.gender = gender;
        b.avatar = avatar;
        b.thumbAvatar = thumbAvatar;
        b.telephone = telephone;
        b.alias = alias;
        b.address = address;
        b.openUserId = openUserId;
        b.qrCode = qrCode;
        b.externalPosition = externalPosition;
        b.extAttrs = new ArrayList<>(extAttrs);
        b.externalProfileJson = externalProfileJson;
        return b;
    }

    /** The member without personal values: see "Personal data" above. */
    @Override
    public String toString() {
        return "User[userId=" + userId + ", name=" + name + ", departments=" + departments + ", orders=" + orders
                + ", mainDepartment=" + mainDepartment + ", leaderInDepartments=" + leaderInDepartments
                + ", directLeaders=" + directLeaders + ", position=" + position + ", status=" + status
                + ", mobile=" + redacted(mobile) + ", email=" + redacted(email) + ", bizMail=" + redacted(bizMail)
                + ", gender=" + redacted(gender) + ", avatar=" + redacted(avatar)
                + ", thumbAvatar=" + redacted(thumbAvatar) + ", telephone=" + redacted(telephone)
                + ", alias=" + alias + ", address=" + redacted(address) + ", openUserId=" + openUserId
                + ", qrCode=" + redacted(qrCode) + ", externalPosition=" + externalPosition
                + ", extAttrs=" + (extAttrs.isEmpty() ? "[]" : "[" + extAttrs.size() + " redacted]")
                + ", externalProfileJson=" + redacted(externalProfileJson) + "]";
    }

    private static String redacted(Object value) {
        return value == null ? "null" : "\u2588\u2588";
    }

    private static <T> List<T> copy(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }

    /** Builds a {@link User}; unset fields are absent ({@code null} or empty). */
    public static final class Builder {
        private String userId;
        private String name;
        private List<Long> departments = List.of();
        private List<Long> orders = List.of();
        private long mainDepartment;
        private List<Boolean> leaderInDepartments = List.of();
        private List<String> directLeaders = List.of();
        private String position;
        private UserStatus status = UserStatus.UNKNOWN;
        private String mobile;
        private String email;
        private String bizMail;
        private Gender gender;
        private String avatar;
        private String thumbAvatar;
        private String telephone;
        private String alias;
        private String address;
        private String openUserId;
        private String qrCode;
        private String externalPosition;
        private List<ExtAttr> extAttrs = List.of();
        private String externalProfileJson;

        private Builder() {
        }

        public Builder userId(String userId) { this.userId = userId; return this; }
        public Builder name(String name) { this.name = name; return this; }
        public Builder departments(List<Long> departments) { this.departments = departments; return this; }
        public Builder orders(List<Long> orders) { this.orders = orders; return this; }
        public Builder mainDepartment(long mainDepartment) { this.mainDepartment = mainDepartment; return this; }
        public Builder leaderInDepartments(List<Boolean> leaderInDepartments) { this.leaderInDepartments = leaderInDepartments; return this; }
        public Builder directLeaders(List<String> directLeaders) { this.directLeaders = directLeaders; return this; }
        public Builder position(String position) { this.position = position; return this; }
        public Builder status(UserStatus status) { this.status = status; return this; }
        public Builder mobile(String mobile) { this.mobile = mobile; return this; }
        public Builder email(String email) { this.email = email; return this; }
        public Builder bizMail(String bizMail) { this.bizMail = bizMail; return this; }
        public Builder gender(Gender gender) { this.gender = gender; return this; }
        public Builder avatar(String avatar) { this.avatar = avatar; return this; }
        public Builder thumbAvatar(String thumbAvatar) { this.thumbAvatar = thumbAvatar; return this; }
        public Builder telephone(String telephone) { this.telephone = telephone; return this; }
        public Builder alias(String alias) { this.alias = alias; return this; }
        public Builder address(String address) { this.address = address; return this; }
        public Builder openUserId(String openUserId) { this.openUserId = openUserId; return this; }
        public Builder qrCode(String qrCode) { this.qrCode = qrCode; return this; }
        public Builder externalPosition(String externalPosition) { this.externalPosition = externalPosition; return this; }
        public Builder extAttrs(List<ExtAttr> extAttrs) { this.extAttrs = extAttrs; return this; }
        public Builder externalProfileJson(String externalProfileJson) { this.externalProfileJson = externalProfileJson; return this; }

        public User build() {
            return new User(userId, name, departments, orders, mainDepartment, leaderInDepartments,
                    directLeaders, position, status, mobile, email, bizMail, gender, avatar, thumbAvatar,
                    telephone, alias, address, openUserId, qrCode, externalPosition, extAttrs,
                    externalProfileJson);
        }
    }
}
