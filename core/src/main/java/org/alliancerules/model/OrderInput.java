package org.alliancerules.model;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * P2 (PRD-2): an order to settle: its amount in yuan, whether a creator promoted it (6% service fee), when the
 * buyer confirmed receipt (with its offset; settlement counts the day in Asia/Shanghai) and the day it was
 * settled, if it was (then it is not settled again).
 */
public record OrderInput(String id, String productId, Double amount, Boolean creatorPromoted,
                         OffsetDateTime receiptConfirmedAt, LocalDate settledOn) {
}
