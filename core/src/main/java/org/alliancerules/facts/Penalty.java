package org.alliancerules.facts;

import java.time.LocalDate;

/** A platform penalty of one shop; carries the shop's controller so ADM-5 can join across shops. */
public record Penalty(String merchantId, String controllerId, String rule, LocalDate on,
                      boolean severe, boolean clearance) implements MerchantScoped {
}
