package org.alliancerules.facts;

import java.time.LocalDate;

/** P2 (DSP-1): a commission dispute against a shop; {@code atFault} MERCHANT or CREATOR once decided. Yuan. */
public record Dispute(String merchantId, String id, String orderId, String creatorId, LocalDate appealedOn,
                      LocalDate decidedOn, String atFault, Double commission, Double compensation)
        implements MerchantScoped {
}
