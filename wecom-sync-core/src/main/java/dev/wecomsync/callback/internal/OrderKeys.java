package dev.wecomsync.callback.internal;

import dev.wecomsync.callback.ContactEvent;
import dev.wecomsync.callback.DepartmentCreated;
import dev.wecomsync.callback.DepartmentDeleted;
import dev.wecomsync.callback.DepartmentUpdated;
import dev.wecomsync.callback.TagUpdated;
import dev.wecomsync.callback.UserCreated;
import dev.wecomsync.callback.UserDeleted;
import dev.wecomsync.callback.UserUpdated;
import java.util.List;
import java.util.Locale;

/**
 * The records an event is about, as the inbox orders them: {@code user:<userid>} (lowercase, since
 * WeCom's userids compare ignoring case), {@code department:<id>}, {@code tag:<id>}. A rename is
 * about both userids, so it waits for events about either and holds back later ones about either.
 */
public final class OrderKeys {
    private OrderKeys() {}

    public static List<String> of(ContactEvent event) {
        if (event instanceof UserCreated e) return List.of(user(e.userId()));
        if (event instanceof UserDeleted e) return List.of(user(e.userId()));
        if (event instanceof UserUpdated e) {
            String old = user(e.userId());
            return e.newUserId().map(OrderKeys::user).filter(n -> !n.equals(old))
                    .map(n -> List.of(old, n)).orElse(List.of(old));
        }
        if (event instanceof DepartmentCreated e) return List.of(department(e.departmentId()));
        if (event instanceof DepartmentUpdated e) return List.of(department(e.departmentId()));
        if (event instanceof DepartmentDeleted e) return List.of(department(e.departmentId()));
        if (event instanceof TagUpdated e) return List.of("tag:" + e.tagId());
        return List.of();
    }

    private static String user(String userId) {
        return "user:" + userId.toLowerCase(Locale.ROOT);
    }

    private static String department(long id) {
        return "department:" + id;
    }
}
