package org.alliancerules.facts;

/**
 * P2 (V3-OPS-1): one operating indicator's verdict for a shop: its order in the assessment (1..4), whether it
 * met its standard, its weight (a fraction) and the text of the comparison ("fulfilment 92.00% >= 90.00%").
 */
public record IndicatorVerdict(String merchantId, int order, boolean met, double weight, String text)
        implements MerchantScoped {
}
