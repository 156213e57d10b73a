package dev.wecomsync.spring.internal;

import dev.wecomsync.callback.ContactEvent;
import dev.wecomsync.callback.InboxEvent;
import dev.wecomsync.callback.InboxListener;
import dev.wecomsync.client.CallListener;
import dev.wecomsync.client.WeComException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Joins the application's listener beans of one kind into the one listener a builder takes. */
public final class Listeners {

    private Listeners() {
    }

    /** {@link CallListener#NONE} for none, the one, or each in turn. */
    public static CallListener calls(List<CallListener> listeners) {
        if (listeners.isEmpty()) {
            return CallListener.NONE;
        }
        if (listeners.size() == 1) {
            return listeners.get(0);
        }
        List<CallListener> all = List.copyOf(listeners);
        return (String api, Duration duration, Optional<WeComException> failure) -> {
            for (CallListener l : all) {
                l.onCall(api, duration, failure);
            }
        };
    }

    /** A listener that calls each of {@code listeners} in turn. */
    public static InboxListener inbox(List<InboxListener> listeners) {
        List<InboxListener> all = List.copyOf(listeners);
        if (all.size() == 1) {
            return all.get(0);
        }
        return new InboxListener() {
            @Override
            public void onApplied(ContactEvent event, InboxEvent entry) {
                all.forEach(l -> l.onApplied(event, entry));
            }

            @Override
            public void onRetry(ContactEvent event, InboxEvent entry, Throwable error, Instant nextAttempt) {
                all.forEach(l -> l.onRetry(event, entry, error, nextAttempt));
            }

            @Override
            public void onParked(ContactEvent event, InboxEvent entry, Throwable error) {
                all.forEach(l -> l.onParked(event, entry, error));
            }
        };
    }
}
