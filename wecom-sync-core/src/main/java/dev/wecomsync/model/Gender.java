package dev.wecomsync.model;

/** A member's gender. WeCom sends it as a string: "0" unspecified, "1" male, "2" female. */
public enum Gender {
    /** Not set ("0"). */
    UNSPECIFIED("0"),
    /** Male ("1"). */
    MALE("1"),
    /** Female ("2"). */
    FEMALE("2");

    private final String code;

    Gender(String code) {
        this.code = code;
    }

    /** WeCom's code: "0", "1" or "2". */
    public String code() {
        return code;
    }

    /**
     * The gender for WeCom's code, which may come as a string or a number. {@code null} (WeCom
     * withheld the field) gives {@code null}; any other unknown value gives {@link #UNSPECIFIED}.
     */
    public static Gender fromCode(String code) {
        if (code == null) {
            return null;
        }
        return switch (code.trim()) {
            case "1" -> MALE;
            case "2" -> FEMALE;
            default -> UNSPECIFIED;
        };
    }
}
