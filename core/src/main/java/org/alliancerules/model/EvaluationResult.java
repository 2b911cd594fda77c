package org.alliancerules.model;

import java.time.LocalDate;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The result of one evaluation request; merchants in request order, decisions in a stable order; (P1)
 * the contact requests' outcomes in request order and the creators' showcase decisions in request order,
 * both absent when the request has none.
 */
public record EvaluationResult(LocalDate asOf, String policy, List<MerchantResult> results,
                               @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ContactResult> contactResults,
                               @JsonInclude(JsonInclude.Include.NON_EMPTY) List<CreatorResult> creatorResults) {

    public EvaluationResult {
        contactResults = contactResults == null ? List.of() : List.copyOf(contactResults);
        creatorResults = creatorResults == null ? List.of() : List.copyOf(creatorResults);
    }

    /** A result with merchants only (P0). */
    public EvaluationResult(LocalDate asOf, String policy, List<MerchantResult> results) {
        this(asOf, policy, results, List.of(), List.of());
    }
}
