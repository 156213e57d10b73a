package dev.wecomsync.sync.internal;

import dev.wecomsync.model.Department;
import dev.wecomsync.model.DepartmentRef;
import dev.wecomsync.model.User;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads one user or department as the current {@link ReadPlan} allows, for single-record syncs:
 * the app secret first, the Contacts Sync secret when the app may not (48009/48002, or 60011
 * outside its visible scope). A forbidden answer re-chooses the plan, so later records skip that
 * call. Thread-safe.
 */
final class SingleReads {

    /** Thrown when no configured secret may read the record; never leaves the engine. */
    static final class Unreadable extends RuntimeException {
        Unreadable(String message) {
            super(message, null, false, false);
        }
    }

    private final Directory app;
    private final Directory contactSync;
    private final Plans plans;
    private final StructureCache structure;

    SingleReads(EngineConfig config, Plans plans, StructureCache structure) {
        this(config.app(), config.contactSync(), plans, structure);
    }

    /** Reads through these secrets (a full sync passes the ones that count its calls). */
    SingleReads(Directory app, Directory contactSync, Plans plans, StructureCache structure) {
        this.app = app;
        this.contactSync = contactSync;
        this.plans = plans;
        this.structure = structure;
    }

    /**
     * {@code user/get}: the user, or the answer that settles it (thrown: not found, or a failure
     * to retry).
     *
     * @throws Unreadable when every secret is forbidden or outside its scope for this user
     */
    User user(String userId) {
        RuntimeException last = null;
        for (Directory secret : secrets()) {
            if (!plans.allows(secret, Directory.USER_GET)) {
                continue;
            }
            try {
                return secret.getUser(userId);
            } catch (RuntimeException e) {
                ReadError kind = ReadError.of(e);
                if (kind == ReadError.FORBIDDEN) {
                    plans.forbid(secret, Directory.USER_GET);
                } else if (kind != ReadError.OUT_OF_SCOPE) {
                    throw e;
                }
                last = e;
            }
        }
        throw new Unreadable(last != null ? ReadError.reason(last)
                : "user/get is forbidden (48009/48002) for every configured secret");
    }

    /**
     * The department as WeCom has it: {@code department/get} with the app secret, or its place in
     * {@code department/simplelist} (Contacts Sync secret, see {@link StructureCache}) when the
     * app may not read it. Empty when it does not exist.
     *
     * @param notBefore the moment the request is about: the structure must be at least that new
     * @throws Unreadable when the configured secrets cannot tell
     */
    Optional<Department> department(long id, Instant notBefore) {
        String unreadable = "the department cannot be read with the configured secrets";
        if (plans.allows(app, Directory.DEPARTMENT_GET)) {
            try {
                return Optional.of(app.getDepartment(id));
            } catch (RuntimeException e) {
                switch (ReadError.of(e)) {
                    case DEPARTMENT_GONE -> {
                        return Optional.empty();
                    }
                    case FORBIDDEN -> plans.forbid(app, Directory.DEPARTMENT_GET);
                    case OUT_OF_SCOPE -> unreadable = ReadError.reason(e);
                    default -> throw e;
                }
            }
        }
        if (contactSync == null || !plans.allows(contactSync, Directory.DEPARTMENT_SIMPLELIST)) {
            throw new Unreadable(unreadable);
        }
        try {
            DepartmentRef ref = structure.get(notBefore, contactSync::simpleListDepartments).get(id);
            return Optional.ofNullable(ref).map(Department::of);
        } catch (RuntimeException e) {
            ReadError kind = ReadError.of(e);
            if (kind == ReadError.FORBIDDEN) {
                plans.forbid(contactSync, Directory.DEPARTMENT_SIMPLELIST);
            }
            if (kind == ReadError.FORBIDDEN || kind == ReadError.OUT_OF_SCOPE) {
                throw new Unreadable("the department cannot be read with the configured secrets");
            }
            throw e;
        }
    }

    private List<Directory> secrets() {
        List<Directory> out = new ArrayList<>(2);
        out.add(app);
        if (contactSync != null) {
            out.add(contactSync);
        }
        return out;
    }
}
