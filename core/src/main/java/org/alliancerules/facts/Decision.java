package org.alliancerules.facts;

/**
 * A decision the rules took for a merchant: what, under which clause, by which rule, and why
 * (the reason states the values and thresholds compared).
 */
public record Decision(String merchantId, DecisionType type, String clause, String rule, String reason,
                       String interpretation)
        implements MerchantScoped {
}
