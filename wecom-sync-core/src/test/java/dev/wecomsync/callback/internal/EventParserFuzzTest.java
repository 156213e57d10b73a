package dev.wecomsync.callback.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.wecomsync.callback.ContactEvent;
import dev.wecomsync.callback.FuzzBudget;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link EventParser#parse} on any text: it returns an event that keeps the text as its
 * {@code rawXml}, or throws {@link MalformedMessageException}, nothing else, within 100 ms.
 */
class EventParserFuzzTest {

    @BeforeAll
    static void loadEveryPathBeforeTiming() throws MalformedMessageException {
        EventParser.parse("<xml><CreateTime>1</CreateTime><Event>change_contact</Event>"
                + "<ChangeType>delete_user</ChangeType><UserID>u</UserID></xml>");
        assertThatThrownBy(() -> EventParser.parse("<xml>")).isInstanceOf(MalformedMessageException.class);
    }

    @FuzzTest
    void parse(byte[] input) {
        check(new String(input, StandardCharsets.UTF_8));
    }

    private static void check(String xml) {
        Object outcome = FuzzBudget.within(() -> {
            try {
                return EventParser.parse(xml);
            } catch (MalformedMessageException e) {
                return e;
            }
        });
        if (outcome instanceof ContactEvent event) {
            assertThat(event.rawXml()).isSameAs(xml);
            assertThat(event.createTime()).isNotNull();
        } else {
            assertThat(((MalformedMessageException) outcome).getMessage()).isNotBlank();
        }
    }
}
