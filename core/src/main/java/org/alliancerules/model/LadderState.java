package org.alliancerules.model;

import java.time.LocalDate;

/**
 * P2 (V3-VIO-1): the violation ladder's state, input ({@code ladder}) and output ({@code next.ladder}), chained
 * day to day like {@code alliance.closures}: the violations counted so far, the last day whose violations are
 * counted, the end of the traffic limit (exclusive: limited before this day), the end of the 30-day closure
 * (exclusive) and whether the shop was removed for good.
 */
public record LadderState(int violations, LocalDate countedThrough, LocalDate trafficLimitedUntil, LocalDate closedUntil,
                          boolean removed) {
}
