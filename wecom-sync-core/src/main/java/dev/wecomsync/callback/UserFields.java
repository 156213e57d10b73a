package dev.wecomsync.callback;

import static java.util.Objects.requireNonNull;

import dev.wecomsync.model.ExtAttr;
import dev.wecomsync.model.Gender;
import dev.wecomsync.model.UserStatus;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The member fields a {@code create_user} or {@code update_user} event carried.
 *
 * <h2>Absent is not empty</h2>
 * Each field is empty when WeCom did not send the element: in an {@code update_user} that means
 * "not reported as changed", never "cleared". A field WeCom sent empty is present and empty
 * ({@code Optional.of("")}, {@code Optional.of(List.of())}). A numeric field whose text is not a
 * number is treated as absent.
 *
 * <p>{@code gender} and {@code status} use the model's enums ({@link Gender#fromCode},
 * {@link UserStatus#fromCode}: an unknown code gives {@code UNSPECIFIED} / {@code UNKNOWN});
 * {@code extAttrs} uses the model's {@link ExtAttr}. {@code leaderInDepartments} is aligned with
 * {@code departments}. {@link #toString()} names only the fields that are present, not their
 * values.
 */
public record UserFields(
        Optional<String> name,
        Optional<List<Long>> departments,
        OptionalLong mainDepartment,
        Optional<List<Boolean>> leaderInDepartments,
        Optional<List<String>> directLeaders,
        Optional<String> position,
        Optional<String> mobile,
        Optional<Gender> gender,
        Optional<String> email,
        Optional<String> bizMail,
        Optional<UserStatus> status,
        Optional<String> avatar,
        Optional<String> alias,
        Optional<String> telephone,
        Optional<String> address,
        Optional<List<ExtAttr>> extAttrs) {

    private static final UserFields EMPTY = new UserFields(
            Optional.empty(), Optional.empty(), OptionalLong.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty());

    public UserFields {
        requireNonNull(name, "name == null");
        departments = departments.map(List::copyOf);
        requireNonNull(mainDepartment, "mainDepartment == null");
        leaderInDepartments = leaderInDepartments.map(List::copyOf);
        directLeaders = directLeaders.map(List::copyOf);
        requireNonNull(position, "position == null");
        requireNonNull(mobile, "mobile == null");
        requireNonNull(gender, "gender == null");
        requireNonNull(email, "email == null");
        requireNonNull(bizMail, "bizMail == null");
        requireNonNull(status, "status == null");
        requireNonNull(avatar, "avatar == null");
        requireNonNull(alias, "alias == null");
        requireNonNull(telephone, "telephone == null");
        requireNonNull(address, "address == null");
        extAttrs = extAttrs.map(List::copyOf);
    }

    /** No field present. */
    public static UserFields empty() {
        return EMPTY;
    }

    /** True when WeCom sent none of these fields. */
    public boolean isEmpty() {
        return equals(EMPTY);
    }

    @Override
    public String toString() {
        StringBuilder present = new StringBuilder("UserFields[");
        appendIf(present, "name", name.isPresent());
        appendIf(present, "departments", departments.isPresent());
        appendIf(present, "mainDepartment", mainDepartment.isPresent());
        appendIf(present, "leaderInDepartments", leaderInDepartments.isPresent());
        appendIf(present, "directLeaders", directLeaders.isPresent());
        appendIf(present, "position", position.isPresent());
        appendIf(present, "mobile", mobile.isPresent());
        appendIf(present, "gender", gender.isPresent());
        appendIf(present, "email", email.isPresent());
        appendIf(present, "bizMail", bizMail.isPresent());
        appendIf(present, "status", status.isPresent());
        appendIf(present, "avatar", avatar.isPresent());
        appendIf(present, "alias", alias.isPresent());
        appendIf(present, "telephone", telephone.isPresent());
        appendIf(present, "address", address.isPresent());
        appendIf(present, "extAttrs", extAttrs.isPresent());
        return present.append(']').toString();
    }

    private static void appendIf(StringBuilder out, String field, boolean present) {
        if (!present) return;
        if (out.charAt(out.length() - 1) != '[') out.append(", ");
        out.append(field);
    }
}
