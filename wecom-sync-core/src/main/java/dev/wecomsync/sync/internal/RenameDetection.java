package dev.wecomsync.sync.internal;

import dev.wecomsync.model.User;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spots a userid changed in WeCom while no event told us (WeComSync.Builder.detectRenames): a
 * full sync then sees one user vanish and one appear. When that is unambiguous the target gets
 * {@code renameUser} instead of a deletion and a creation, and keeps its link between the two.
 *
 * <h2>Unambiguous</h2>
 * Every read of the run succeeded; exactly one user the target has is gone from WeCom; exactly one
 * user is new to the target; and the two are the same apart from the userid: equal fingerprints
 * (every other component equal, absent ones included) and a name to go by. Anything else is left
 * to the usual deletion and creation.
 *
 * <p>To know that only one user is new, the first new user of a run is held back until all users
 * were read; a second new user releases it at once (two new users are ambiguous). Used from the
 * sync thread.
 */
final class RenameDetection {

    private static final Logger log = LoggerFactory.getLogger(RenameDetection.class);

    private final boolean enabled;
    private Change held;
    private boolean ambiguous;

    RenameDetection(boolean enabled) {
        this.enabled = enabled;
    }

    /** What to write now of this compared user: nothing while it is held back, else it (and the one held). */
    List<Change> offer(Change user) {
        if (!enabled || ambiguous || user.prior() != null) {
            return List.of(user);
        }
        if (held == null) {
            held = user;
            return List.of();
        }
        ambiguous = true;
        Change first = held;
        held = null;
        return List.of(first, user);
    }

    /**
     * After every user was read: renames the one vanished user to the one new user when they are
     * the same apart from the userid, and takes it out of {@code gone}; otherwise writes the held
     * user as new. A rename the target refuses is recorded as failed, and neither user is written
     * or deleted this run, so the next run tries again.
     */
    void resolve(Deletions gone, Recorder recorder, Writer writer) {
        if (held == null) {
            return;
        }
        Change created = held;
        held = null;
        User user = (User) created.record();
        StateSnapshot.UserEntry vanished = gone.users.size() == 1 ? gone.users.values().iterator().next() : null;
        if (recorder.readsComplete() && vanished != null && user.name() != null
                && vanished.fingerprint().equals(created.fingerprint())) {
            log.info("userid {} is gone and {} is new with the same fields: renaming", vanished.storedId(), user.userId());
            writer.rename(vanished.storedId(), user.userId(), vanished.fingerprint(), Optional.of(user));
            gone.users.clear();
            return;
        }
        writer.write(created);
    }
}
