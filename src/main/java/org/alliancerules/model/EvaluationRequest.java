package org.alliancerules.model;

import java.time.LocalDate;
import java.util.List;

/** An evaluation request of the interchange contract: the day to evaluate as of, the policy profile, the merchants. */
public record EvaluationRequest(LocalDate asOf, String policy, List<MerchantInput> merchants) {

    public EvaluationRequest {
        merchants = merchants == null ? List.of() : List.copyOf(merchants);
    }

    /** The policy profile to use: "default" when the request names none. */
    public String policyOrDefault() {
        return policy == null || policy.isBlank() ? "default" : policy;
    }
}
