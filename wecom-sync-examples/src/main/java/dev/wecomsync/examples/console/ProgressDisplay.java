package dev.wecomsync.examples.console;

import dev.wecomsync.sync.SyncListener;
import dev.wecomsync.sync.SyncPhase;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Objects;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows a full sync's progress: one progress bar per {@link SyncPhase} on a terminal, or a few
 * plain lines per phase when the output goes to a file, a pipe or CI log.
 *
 * <pre>{@code
 * try (ProgressDisplay progress = ProgressDisplay.forConsole(System.out)) {
 *     WeComSync sync = WeComSync.builder()...listener(progress).build();
 *     report = sync.fullSync();
 * }
 * }</pre>
 *
 * <p>Used from the sync thread only, as {@link SyncListener} is called.
 */
public final class ProgressDisplay implements SyncListener, AutoCloseable {

    private static final int PLAIN_STEPS = 4;

    private final PrintStream out;
    private final boolean interactive;
    private SyncPhase phase;
    private ProgressBar bar;
    private long lastDone;
    private long lastTotal;
    private long nextPlainMark;
    private boolean lastPrinted;

    private ProgressDisplay(PrintStream out, boolean interactive) {
        this.out = Objects.requireNonNull(out, "out == null");
        this.interactive = interactive;
    }

    /** A bar when this process runs on a terminal, plain lines on {@code out} otherwise. */
    public static ProgressDisplay forConsole(PrintStream out) {
        return new ProgressDisplay(out, isTerminal());
    }

    /** Plain lines on {@code out}, never a bar. */
    public static ProgressDisplay plain(PrintStream out) {
        return new ProgressDisplay(out, false);
    }

    /** True when both standard streams are a terminal that can redraw a line. */
    public static boolean isTerminal() {
        String term = System.getenv("TERM");
        return System.console() != null && !"dumb".equals(term) && System.getenv("CI") == null;
    }

    @Override
    public void onProgress(SyncPhase phase, long done, long total) {
        if (phase != this.phase) {
            finishPhase();
            startPhase(phase, total);
        }
        if (interactive) {
            if (total >= 0 && total != bar.getMax()) {
                bar.maxHint(total);
            }
            bar.stepTo(done);
        } else {
            plain(done, total);
        }
        lastDone = done;
        lastTotal = total;
    }

    /** Ends the last bar (or prints the last plain line). */
    @Override
    public void close() {
        finishPhase();
        phase = null;
    }

    private void startPhase(SyncPhase phase, long total) {
        this.phase = phase;
        lastDone = 0;
        lastTotal = total;
        lastPrinted = false;
        nextPlainMark = 0;
        if (interactive) {
            bar = new ProgressBarBuilder()
                    .setTaskName(String.format(Locale.ROOT, "%-12s", label(phase)))
                    .setInitialMax(total)
                    .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                    .setUpdateIntervalMillis(100)
                    .setMaxRenderedLength(100)
                    .hideEta()
                    .build();
        }
    }

    private void plain(long done, long total) {
        if (done == 0 && total != 0) {
            nextPlainMark = total > 0 ? Math.max(1, total / PLAIN_STEPS) : 1000;
            lastPrinted = false;
            return;
        }
        if (done >= nextPlainMark || (total >= 0 && done >= total)) {
            out.println(line(done, total));
            lastPrinted = true;
            long step = total > 0 ? Math.max(1, total / PLAIN_STEPS) : Math.max(1000, done);
            nextPlainMark = done + step;
        } else {
            lastPrinted = false;
        }
    }

    private void finishPhase() {
        if (phase == null) {
            return;
        }
        if (interactive) {
            if (lastTotal < 0) {
                bar.maxHint(lastDone);
            }
            bar.stepTo(lastDone);
            bar.close();
            bar = null;
        } else if (!lastPrinted) {
            out.println(line(lastDone, lastTotal));
        }
    }

    private String line(long done, long total) {
        String label = String.format(Locale.ROOT, "  %-12s ", label(phase));
        if (total < 0) {
            return label + done;
        }
        long percent = total == 0 ? 100 : done * 100 / total;
        return label + done + "/" + total + " (" + percent + "%)";
    }

    /** What the phase's numbers count. */
    static String label(SyncPhase phase) {
        return switch (phase) {
            case DEPARTMENTS -> "departments";
            case USER_IDS -> "user ids";
            case USER_LISTS -> "user lists";
            case USERS -> "users";
            case DELETIONS -> "deletions";
        };
    }
}
