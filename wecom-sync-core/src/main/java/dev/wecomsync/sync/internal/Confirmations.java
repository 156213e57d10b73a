package dev.wecomsync.sync.internal;

import dev.wecomsync.model.Department;
import dev.wecomsync.model.User;
import dev.wecomsync.sync.EntityKind;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The direct reads that confirm a deletion: {@code user/get} or {@code department/get} through
 * {@link SingleReads}, so with whichever secret the read plan lets read the record (the app secret,
 * then the Contacts Sync secret). Runs them in parallel on the full sync's pool and hands each
 * {@link Verdict} to the sync thread.
 */
final class Confirmations {

    /** What a confirmation read said. */
    enum Outcome {
        /** WeCom says the record does not exist: delete. */
        GONE,
        /** It exists, but outside the configured department scope: delete. */
        OUT_OF_SCOPE,
        /** It exists and is in scope: not deleted; the listing missed it. */
        EXISTS,
        /** The read could not tell (60011, forbidden, a failure): not deleted. */
        UNCONFIRMED
    }

    /** The verdict on one record; {@code user} is the user read when it {@link Outcome#EXISTS}. */
    record Verdict(Deletions.Candidate candidate, Outcome outcome, Optional<User> user, String reason) {
    }

    private final ReadContext ctx;
    private final SingleReads reads;
    private final Set<Long> readDepartments;
    private final Set<Long> inScope;
    private final Instant notBefore;

    /**
     * @param readDepartments every department this run read, in scope or not
     * @param inScope the departments in the configured scope; null when it is the whole organisation
     * @param notBefore how fresh a cached {@code department/simplelist} must be
     */
    Confirmations(ReadContext ctx, SingleReads reads, Set<Long> readDepartments, Set<Long> inScope, Instant notBefore) {
        this.ctx = ctx;
        this.reads = reads;
        this.readDepartments = readDepartments;
        this.inScope = inScope;
        this.notBefore = notBefore;
    }

    /** Reads each candidate; {@code sink} runs on the calling thread, once per candidate. */
    void confirm(List<Deletions.Candidate> candidates, Consumer<Verdict> sink) {
        ParallelReads.<Deletions.Candidate, Verdict>run(ctx.pool(), ctx.concurrency(), candidates.iterator(), this::read,
                r -> {
                    ctx.recorder().confirmationRead();
                    sink.accept(r.error() == null ? r.value()
                            : new Verdict(r.input(), Outcome.UNCONFIRMED, Optional.empty(), ReadError.reason(r.error())));
                });
    }

    private Verdict read(Deletions.Candidate c) {
        return c.kind() == EntityKind.USER ? user(c) : department(c);
    }

    private Verdict user(Deletions.Candidate c) {
        User user;
        try {
            user = reads.user(c.id());
        } catch (SingleReads.Unreadable e) {
            return new Verdict(c, Outcome.UNCONFIRMED, Optional.empty(), "user/get: " + e.getMessage());
        } catch (RuntimeException e) {
            if (ReadError.of(e) == ReadError.USER_GONE) {
                return new Verdict(c, Outcome.GONE, Optional.empty(), "user/get: the user does not exist");
            }
            return new Verdict(c, Outcome.UNCONFIRMED, Optional.empty(), "user/get: " + ReadError.reason(e));
        }
        if (inScope == null || user.departments().stream().anyMatch(inScope::contains)) {
            return new Verdict(c, Outcome.EXISTS, Optional.of(user), "user/get: the user exists");
        }
        if (user.departments().stream().anyMatch(readDepartments::contains)) {
            return new Verdict(c, Outcome.OUT_OF_SCOPE, Optional.empty(),
                    "user/get: the user is outside the configured department scope");
        }
        return new Verdict(c, Outcome.UNCONFIRMED, Optional.empty(),
                "user/get: the user exists, in departments the secrets cannot list, so the scope cannot be checked");
    }

    private Verdict department(Deletions.Candidate c) {
        Optional<Department> read;
        try {
            read = reads.department(Long.parseLong(c.id()), notBefore);
        } catch (SingleReads.Unreadable e) {
            return new Verdict(c, Outcome.UNCONFIRMED, Optional.empty(), "department/get: " + e.getMessage());
        } catch (RuntimeException e) {
            return new Verdict(c, Outcome.UNCONFIRMED, Optional.empty(), "department/get: " + ReadError.reason(e));
        }
        return read.isEmpty()
                ? new Verdict(c, Outcome.GONE, Optional.empty(), "department/get: the department does not exist")
                : new Verdict(c, Outcome.EXISTS, Optional.empty(), "department/get: the department exists");
    }
}
