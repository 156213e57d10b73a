package dev.wecomsync.callback;

import java.time.Instant;

/**
 * One decrypted, parsed callback message from WeCom: a contact change, a finished batch job, or
 * anything else WeCom sends to the callback URL.
 *
 * <h2>Events are hints</h2>
 * Since August 2022 WeCom sends skeleton events to new callback URLs (only ids and departments),
 * and some changes send no event at all. Treat an event as a reason to re-read the entity from the
 * API, not as the entity itself; the sync engine does exactly that.
 *
 * <h2>Matching</h2>
 * The interface is sealed, so a {@code switch} over it is checked for exhaustiveness:
 * <pre>{@code
 * switch (event) {
 *   case UserCreated e -> ...;
 *   case UserUpdated e -> ...;
 *   ...
 * }
 * }</pre>
 * (Pattern matching in {@code switch} needs Java 21; on Java 17 use {@code instanceof}.)
 */
public sealed interface ContactEvent
        permits UserCreated, UserUpdated, UserDeleted,
                DepartmentCreated, DepartmentUpdated, DepartmentDeleted,
                TagUpdated, BatchJobFinished, UnknownEvent {

    /** The corp the message is addressed to ({@code ToUserName}); empty if WeCom sent none. */
    String corpId();

    /** When WeCom created the message ({@code CreateTime}, second precision). */
    Instant createTime();

    /**
     * The decrypted XML exactly as WeCom sent it. It holds personal data (names, mobiles):
     * do not log it.
     */
    String rawXml();
}
