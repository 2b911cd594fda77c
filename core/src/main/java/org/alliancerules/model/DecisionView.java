package org.alliancerules.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A decision as the result carries it. {@code interpretation} names the spec interpretations
 * (I-n) the deciding rule relies on, when it relies on any.
 */
@JsonPropertyOrder({"type", "clause", "rule", "reason", "interpretation"})
public record DecisionView(String type, String clause, String rule, String reason,
                           @JsonInclude(JsonInclude.Include.NON_NULL) String interpretation) {
}
