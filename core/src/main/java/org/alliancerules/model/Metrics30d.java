package org.alliancerules.model;

/** The last 30 days' grading indicators (GRD-8). */
public record Metrics30d(double complaintRate, double productGoodRate, double serviceGoodRate,
                         double avgDailyOrders, double avgDailyGmv) {
}
