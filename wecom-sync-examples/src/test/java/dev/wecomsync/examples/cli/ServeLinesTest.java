package dev.wecomsync.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wecomsync.callback.TagUpdated;
import dev.wecomsync.callback.UserFields;
import dev.wecomsync.callback.UserUpdated;
import dev.wecomsync.sync.EntityKind;
import dev.wecomsync.sync.EventResult;
import dev.wecomsync.sync.EventResult.Outcome;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServeLinesTest {

    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void anEventAboutNoRecordNamesItsType() {
        String line = ServeLines.event(new TagUpdated("ww1", T, "<xml/>", 1, java.util.List.of(), java.util.List.of(),
                java.util.List.of(), java.util.List.of()), new EventResult(Outcome.IGNORED, Optional.empty(), "",
                Optional.empty(), "tags are not synced"));

        assertThat(line).matches("\\d\\d:\\d\\d:\\d\\d IGNORED TagUpdated: tags are not synced");
    }

    @Test
    void aRenameSaysRenamed() {
        String line = ServeLines.event(
                new UserUpdated("ww1", T, "<xml/>", "lisi", Optional.of("lisi2"), UserFields.empty()),
                new EventResult(Outcome.RENAMED, Optional.of(EntityKind.USER), "lisi2", Optional.of("lisi"),
                        "renamed from lisi; otherwise equal to what the target has"));

        assertThat(line).endsWith(" RENAMED user lisi2 (renamed from lisi): renamed from lisi; otherwise equal to"
                + " what the target has");
    }
}
