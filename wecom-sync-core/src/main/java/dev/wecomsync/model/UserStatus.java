package dev.wecomsync.model;

/** A member's status in WeCom ({@code status} in {@code user/get}). */
public enum UserStatus {
    /** 1: activated and able to use WeCom. */
    ACTIVE(1),
    /** 2: disabled by an administrator. */
    DISABLED(2),
    /** 4: invited but not yet activated. */
    INACTIVE(4),
    /** 5: has left the corp (退出企业). */
    EXITED(5),
    /** A code this library does not know, or no status was given. */
    UNKNOWN(0);

    private final int code;

    UserStatus(int code) {
        this.code = code;
    }

    /** WeCom's numeric code; 0 for {@link #UNKNOWN}. */
    public int code() {
        return code;
    }

    /** The status for WeCom's code; {@link #UNKNOWN} for codes this library does not know. */
    public static UserStatus fromCode(int code) {
        for (UserStatus status : values()) {
            if (status.code == code && status != UNKNOWN) {
                return status;
            }
        }
        return UNKNOWN;
    }
}
