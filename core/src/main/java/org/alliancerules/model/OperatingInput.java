package org.alliancerules.model;

/**
 * P2 (V3-OPS-1): the shop's operating indicators: order fulfilment rate and product return rate (fractions
 * 0..1) and the complaint handling time in hours. The fourth indicator is the merchant's experienceScore.
 * Any may be absent (not met).
 */
public record OperatingInput(Double fulfilmentRate, Double returnRate, Double complaintHandlingHours) {
}
