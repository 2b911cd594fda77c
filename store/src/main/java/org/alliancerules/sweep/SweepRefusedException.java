package org.alliancerules.sweep;

/**
 * A sweep that must not run as asked (a day before the last one, a gap, a different snapshot for a day
 * already swept): one sentence for a person; nothing was written. The command line exits with 2.
 */
public class SweepRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SweepRefusedException(String message) {
        super(message);
    }
}
