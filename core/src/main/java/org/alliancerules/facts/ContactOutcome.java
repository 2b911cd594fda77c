package org.alliancerules.facts;

import java.time.LocalDate;

/**
 * The decision on one contact request: allowed or refused, under which clause, by which rule, why,
 * whether it counted against a quota, and (when a quota governs it) the quota, what is used after it,
 * what is left and the natural week.
 */
public record ContactOutcome(String requestId, DecisionType type, String clause, String rule, String reason,
                             String interpretation, boolean counted, Integer quota, Integer used, Integer remaining,
                             LocalDate weekStart) {
}
