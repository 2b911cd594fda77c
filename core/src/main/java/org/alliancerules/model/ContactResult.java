package org.alliancerules.model;

import java.time.LocalDate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The decision on one contact request: CONTACT_ALLOWED or CONTACT_REFUSED, the clause of its reason, the
 * deciding rule, whether it counted against a weekly quota and what is left of that quota. When a quota
 * governs the request, {@code quota} (a week), {@code used} (after this request) and {@code weekStart}
 * (the Monday of its natural week) say which and how much; they are absent for IMQ-1 and IMQ-6 refusals.
 */
@JsonPropertyOrder({"requestId", "type", "clause", "rule", "counted", "remaining", "quota", "used", "weekStart",
        "reason", "interpretation"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContactResult(String requestId, String type, String clause, String rule, boolean counted,
                            Integer remaining, Integer quota, Integer used, LocalDate weekStart, String reason,
                            String interpretation) {
}
