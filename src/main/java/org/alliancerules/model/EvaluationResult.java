package org.alliancerules.model;

import java.time.LocalDate;
import java.util.List;

/** The result of one evaluation request; merchants in request order, decisions in a stable order. */
public record EvaluationResult(LocalDate asOf, String policy, List<MerchantResult> results) {
}
