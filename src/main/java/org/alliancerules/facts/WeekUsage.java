package org.alliancerules.facts;

import java.time.LocalDate;

/** What a party had already used in the natural week starting {@code weekStart}, as the request says. */
public record WeekUsage(PartyType partyType, String partyId, LocalDate weekStart, int conversationsOpened,
                        int contactViews) {
}
