package dev.wecomsync.sync;

/**
 * Decides whether a full sync may delete this many records at once.
 *
 * <p>A sync deletes what is gone from WeCom. When a secret's visible scope shrinks, or WeCom
 * answers oddly, "gone" can suddenly mean half the organisation; the guard holds such deletions
 * back (the report counts them as held back and says why) until a person has looked. The default,
 * {@link #DEFAULT}, allows deleting at most 20% of the known users and, separately, at most 20% of
 * the known departments in one run.
 */
@FunctionalInterface
public interface DeletionGuard {

    /** At most 20% of the known records of each kind per run. */
    DeletionGuard DEFAULT = maxFraction(0.20);

    /** Allows any number of deletions. */
    DeletionGuard ALLOW_ALL = (kind, deletions, known) -> true;

    /**
     * True when {@code deletions} records of {@code kind} may be deleted now.
     *
     * @param known how many records of that kind the state store knew before the run
     */
    boolean allows(EntityKind kind, int deletions, int known);

    /** Allows deletions up to {@code fraction} (0..1) of the known records of each kind. */
    static DeletionGuard maxFraction(double fraction) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must be in [0, 1]: " + fraction);
        }
        return (kind, deletions, known) -> deletions <= 0 || deletions <= fraction * known;
    }
}
