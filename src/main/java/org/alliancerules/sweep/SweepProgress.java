package org.alliancerules.sweep;

/** Hears how far a sweep is (a progress bar, log lines, or nothing). Called from the sweep's thread. */
public interface SweepProgress {

    /** Nothing to show. */
    SweepProgress NONE = new SweepProgress() { };

    /** A phase starts: "checking" (reading and validating) or "sweeping", over {@code total} rows. */
    default void phase(String name, long total) {
    }

    /** {@code done} rows of the current phase are through. */
    default void advanced(long done) {
    }

    /** The phase is over. */
    default void phaseDone() {
    }
}
