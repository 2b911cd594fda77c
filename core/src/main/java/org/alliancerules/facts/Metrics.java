package org.alliancerules.facts;

/** The last 30 days' grading indicators of a merchant (GRD-8). */
public record Metrics(String merchantId, double complaintRate, double productGoodRate, double serviceGoodRate,
                      double avgDailyOrders, double avgDailyGmv) implements MerchantScoped {
}
