package dev.wecomsync.examples.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wecomsync.sync.SyncPhase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressDisplayTest {

    @Test
    void plainOutputPrintsAFewLinesPerPhase() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ProgressDisplay progress = ProgressDisplay.plain(new PrintStream(bytes, true, StandardCharsets.UTF_8))) {
            for (int i = 0; i <= 100; i++) {
                progress.onProgress(SyncPhase.USERS, i, 100);
            }
            progress.onProgress(SyncPhase.USER_IDS, 0, -1);
            progress.onProgress(SyncPhase.USER_IDS, 1500, -1);
            progress.onProgress(SyncPhase.USER_IDS, 1700, -1);
            progress.onProgress(SyncPhase.USER_LISTS, 0, 3);
            progress.onProgress(SyncPhase.USER_LISTS, 3, 3);
            progress.onProgress(SyncPhase.DELETIONS, 0, 0);
        }

        assertThat(bytes.toString(StandardCharsets.UTF_8).lines().map(String::strip).toList()).containsExactly(
                "users        25/100 (25%)",
                "users        50/100 (50%)",
                "users        75/100 (75%)",
                "users        100/100 (100%)",
                "user ids     1500",
                "user ids     1700",
                "user lists   3/3 (100%)",
                "deletions    0/0 (100%)");
    }
}
