package dev.wecomsync.sync;

/** The two kinds of record the engine syncs. */
public enum EntityKind {
    /** A member; its id is the userid. */
    USER,
    /** A department; its id is the decimal department id. */
    DEPARTMENT
}
