package org.alliancerules.facts;

/**
 * A merchant tier of IMQ-2/3 as the rules see it: merchants whose previous natural week's GMV is at least
 * {@code fromGmv} and below {@code belowGmv} (null: no upper end) may open {@code conversations} new
 * conversations and view {@code contactViews} contact details a week. Made from the policy's tiers.
 */
public record MerchantTier(double fromGmv, Double belowGmv, int conversations, int contactViews) {
}
