package org.alliancerules.cli;

import java.util.Locale;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.alliancerules.sweep.SweepProgress;

/**
 * A sweep's progress on stderr: a progress bar when the terminal is a console, otherwise a log line at
 * every tenth of the way (for logs and for the crash test, which kills the sweep at chosen points).
 */
final class Progress {

    private Progress() {
    }

    static SweepProgress forStderr(String task) {
        return System.console() != null ? new Bar(task) : new Lines(task);
    }

    /** The progress bar (me.tongfei:progressbar). */
    private static final class Bar implements SweepProgress {
        private final String task;
        private ProgressBar bar;

        Bar(String task) {
            this.task = task;
        }

        @Override
        public void phase(String name, long total) {
            bar = new ProgressBarBuilder().setTaskName(task + " " + name).setInitialMax(total <= 0 ? -1 : total)
                    .setStyle(ProgressBarStyle.ASCII).setUnit(" merchants", 1).showSpeed()
                    .setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
        }

        @Override
        public void advanced(long done) {
            if (bar != null) {
                bar.stepTo(done);
            }
        }

        @Override
        public void phaseDone() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }
    }

    /** One line at every 10 %. */
    private static final class Lines implements SweepProgress {
        private final String task;
        private String phase;
        private long total;
        private int lastTenth;

        Lines(String task) {
            this.task = task;
        }

        @Override
        public void phase(String name, long total) {
            this.phase = name;
            this.total = total;
            this.lastTenth = 0;
            System.err.printf(Locale.ROOT, "%s: %s%s%n", task, name, total > 0 ? String.format(Locale.ROOT, " %,d merchants", total) : "");
        }

        @Override
        public void advanced(long done) {
            if (total <= 0) {
                return;
            }
            int tenth = (int) (done * 10 / total);
            if (tenth > lastTenth) {
                lastTenth = tenth;
                System.err.printf(Locale.ROOT, "%s: %s %d%% (%,d of %,d)%n", task, phase, tenth * 10, done, total);
            }
        }

        @Override
        public void phaseDone() {
            System.err.printf(Locale.ROOT, "%s: %s done%n", task, phase);
        }
    }
}
