package org.alliancerules.model;

/** A penalty of one shop, with the shop's controller: what ADM-5 needs to know of shops outside a batch. */
public record ShopPenalty(String merchantId, String controllerId, PenaltyInput penalty) {
}
