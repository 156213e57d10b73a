package dev.wecomsync.sync;

/** The steps of a full sync, in the order they run, as {@link SyncListener} reports them. */
public enum SyncPhase {
    /** Reading departments and writing the changed ones; counts departments. */
    DEPARTMENTS,
    /** Listing userids with {@code user/list_id} (plan {@link SyncPlan#IDS_THEN_DETAILS} only); the total is unknown. */
    USER_IDS,
    /** Reading users and writing the changed ones; counts departments or users, whichever the plan reads one by one. */
    USERS,
    /** Deleting users, then departments, that are gone from WeCom; counts deletions. */
    DELETIONS
}
