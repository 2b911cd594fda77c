package org.alliancerules.model;

import java.time.LocalDate;

/** What a party already used in the natural week starting {@code weekStart} (a Monday). */
public record WeekUsageInput(PartyRef party, LocalDate weekStart, Integer conversationsOpened, Integer contactViews) {
}
