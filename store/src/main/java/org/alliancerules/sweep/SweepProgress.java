package org.alliancerules.sweep;

/**
 * Hears how far a sweep is (a progress bar, log lines, or nothing). Called from one thread at a time:
 * the sweep's, or its writer thread while the day is written.
 */
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
