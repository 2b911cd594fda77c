package org.alliancerules.sweep;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.alliancerules.store.RunRecord;

/**
 * What a sweep did.
 *
 * @param unchanged  the day had been swept with the same snapshot, rules and policy: nothing was written
 * @param replaced   the run this one replaced, or 0
 * @param counts     decisions per type, sorted by type
 * @param newMerchants merchants the store saw for the first time
 * @param interrupted runs of dead sweeps (killed before their commit) that this sweep found and left alone
 */
public record SweepReport(LocalDate day, long runId, boolean unchanged, long replaced, long merchants, long rejected,
                          long newMerchants, long stateChanges, Map<String, Long> counts, Duration elapsed,
                          String policy, List<RunRecord> interrupted) {

    public SweepReport {
        interrupted = interrupted == null ? List.of() : List.copyOf(interrupted);
    }

    /** A sweep that found no dead sweep's run. */
    public SweepReport(LocalDate day, long runId, boolean unchanged, long replaced, long merchants, long rejected,
                       long newMerchants, long stateChanges, Map<String, Long> counts, Duration elapsed, String policy) {
        this(day, runId, unchanged, replaced, merchants, rejected, newMerchants, stateChanges, counts, elapsed, policy,
                List.of());
    }
}
