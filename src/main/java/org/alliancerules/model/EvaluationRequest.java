package org.alliancerules.model;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** An evaluation request of the interchange contract: the day to evaluate as of, the policy profile, the merchants. */
public record EvaluationRequest(LocalDate asOf, String policy, List<MerchantInput> merchants) {

    public EvaluationRequest {
        // a copy that keeps null elements: validation reports them (/merchants/3: must be an object)
        merchants = merchants == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(merchants));
    }

    /** The policy profile to use: "default" when the request names none. */
    public String policyOrDefault() {
        return policy == null || policy.isBlank() ? "default" : policy;
    }
}
