package dev.wecomsync.testkit;

/**
 * Which contact events a callback URL receives: WeCom sends skeleton events (ids, departments and parents only;
 * none for a changed name or position) to callback URLs configured after 2022-08-15.
 */
public enum EventForm {
    /** Callback URLs configured before 2022-08-15: every changed field, every change. */
    FULL,
    /**
     * Callback URLs configured after 2022-08-15: create_user carries only UserID and Department; update_user
     * fires only when the departments or the userid change; create_party carries only Id and ParentId;
     * update_party fires only when the parent changes.
     */
    SKELETON
}
