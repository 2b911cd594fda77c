package org.alliancerules.sweep;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;

/**
 * What a sweep did.
 *
 * @param unchanged  the day had been swept with the same snapshot, rules and policy: nothing was written
 * @param replaced   the run this one replaced, or 0
 * @param counts     decisions per type, sorted by type
 * @param newMerchants merchants the store saw for the first time
 */
public record SweepReport(LocalDate day, long runId, boolean unchanged, long replaced, long merchants, long rejected,
                          long newMerchants, long stateChanges, Map<String, Long> counts, Duration elapsed,
                          String policy) {
}
