package org.alliancerules.model;

import java.util.List;

/** The decisions for one merchant and its next state. */
public record MerchantResult(String merchantId, List<DecisionView> decisions, NextState next) {
}
