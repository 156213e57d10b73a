package dev.wecomsync.spring;

import dev.wecomsync.callback.CallbackResponse;
import dev.wecomsync.sync.SyncReport;
import java.time.Duration;

/**
 * Hears what the starter's parts do: each full sync the {@link WeComReconciler} ran, and each answer
 * the callback endpoint gave. Every bean of this type is called; the Micrometer configuration adds
 * one for the {@code wecom.*} meters. Methods are no-ops by default and must be quick; an exception
 * thrown here is logged and otherwise ignored.
 */
public interface WeComSyncObserver {

    /** A full sync finished with {@code report} (also when parts of it failed). */
    default void syncFinished(SyncReport report) {
    }

    /** A full sync threw {@code failure} after {@code duration}. */
    default void syncFailed(Duration duration, RuntimeException failure) {
    }

    /** The callback endpoint answered a request of {@code method} with {@code response}. */
    default void callbackAnswered(String method, CallbackResponse response) {
    }
}
