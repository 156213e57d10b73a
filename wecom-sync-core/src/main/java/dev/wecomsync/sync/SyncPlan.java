package dev.wecomsync.sync;

/**
 * How a full sync read the organisation. The engine picks the cheapest plan the configured
 * secrets allow and falls back when WeCom answers 48009 or 48002; {@link SyncReport#plan()} says
 * which plan ran and {@link SyncReport#planReason()} why.
 */
public enum SyncPlan {
    /**
     * One call per department: {@code department/list}, then {@code user/list} for each
     * department. Works with an app secret whose visible scope is the whole organisation, or a
     * Contacts Sync secret used from an IP that was trusted before 2022-08-15.
     */
    LIST_PER_DEPARTMENT,

    /**
     * Structure and ids first, details after: {@code department/simplelist} and
     * {@code user/list_id} (Contacts Sync secret), then names and details with the app secret
     * ({@code department/list} or {@code department/get}; {@code user/list} per department where
     * the app may call it, {@code user/get} for the rest). For new installs where the Contacts
     * Sync secret may not read details.
     */
    IDS_THEN_DETAILS,

    /** The run stopped before a plan could read anything (for example every listing failed). */
    NONE
}
