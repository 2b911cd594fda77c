package org.alliancerules.facts;

/**
 * One ground for closing a member's alliance permission today (CHK-2): the score below the closure
 * score, or violations reaching the clearance standard. However many grounds a member has, it is
 * closed once (PR-4): one ALLIANCE_CLOSED whose reason names every ground.
 */
public record ClosureGround(String merchantId, String reason, String interpretation) implements MerchantScoped {
}
