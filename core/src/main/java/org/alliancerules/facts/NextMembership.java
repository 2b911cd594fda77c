package org.alliancerules.facts;

import java.time.LocalDate;

/**
 * The alliance state after today's decisions, when a rule changed it; {@code closuresBefore} is the
 * closure count at the start of the day (STR-2 bans on the closure that reaches the limit).
 */
public record NextMembership(String merchantId, boolean member, LocalDate admittedOn, int closures,
                             LocalDate closedOn, int closuresBefore) implements MerchantScoped {
}
