package org.alliancerules.model;

import java.time.LocalDate;

/**
 * What a party already used in the natural week starting {@code weekStart} (a Monday): new conversations
 * opened (a team leader's: with creators), a team leader's new conversations with merchants, contact views.
 * Absent counts are 0.
 */
public record WeekUsageInput(PartyRef party, LocalDate weekStart, Integer conversationsOpened,
                             Integer merchantConversationsOpened, Integer contactViews) {
}
