package org.alliancerules.facts;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/** P2 (PRD-2): an order of a shop to settle; nullable fields were not given. The amount is in yuan. */
public record SettlementOrder(String merchantId, String id, String productId, Double amount, Boolean creatorPromoted,
                              OffsetDateTime receiptConfirmedAt, LocalDate settledOn) implements MerchantScoped {
}
