package org.alliancerules.facts;

import java.time.LocalDate;

/** The alliance state after today's decisions, when a rule changed it. */
public record NextMembership(String merchantId, boolean member, LocalDate admittedOn, int closures,
                             LocalDate closedOn) implements MerchantScoped {
}
