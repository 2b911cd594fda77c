package org.alliancerules.engine;

import java.util.List;

import org.alliancerules.model.MerchantResult;

/** A merchant's result together with the names of the rules that fired for it, in firing order. */
public record MerchantTrace(MerchantResult result, List<String> firedRules) {
}
