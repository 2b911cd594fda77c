package org.alliancerules.policy;

/**
 * One merchant tier of IMQ-2/3 as the policy file gives it (placeholder values): merchants whose previous natural
 * week's GMV is at least {@code fromGmv} (and below the next tier's) may open {@code conversations} new
 * conversations with creators and view {@code contactViews} creators' contact details a week.
 */
public record MerchantQuotaTier(double fromGmv, int conversations, int contactViews) {
}
