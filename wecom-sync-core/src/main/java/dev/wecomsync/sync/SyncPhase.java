package dev.wecomsync.sync;

/** The steps of a full sync, in the order they run, as {@link SyncListener} reports them. */
public enum SyncPhase {
    /** Reading departments and writing the changed ones; counts departments. */
    DEPARTMENTS,
    /**
     * Listing userids with {@code user/list_id} (plan {@link SyncPlan#IDS_THEN_DETAILS} only); counts
     * distinct userids (a member of several departments once); the total is unknown.
     */
    USER_IDS,
    /**
     * Reading users department by department with {@code user/list} and writing the changed ones;
     * counts departments.
     */
    USER_LISTS,
    /** Reading users one by one with {@code user/get} and writing the changed ones; counts users. */
    USERS,
    /** Deleting users, then departments, that are gone from WeCom; counts deletions. */
    DELETIONS
}
