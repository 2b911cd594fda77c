package org.alliancerules.facts;

import java.time.LocalDate;

/**
 * What a party had already used in the natural week starting {@code weekStart}, as the request says:
 * new conversations opened (a team leader's: with creators), a team leader's new conversations with
 * merchants, and contact views.
 */
public record WeekUsage(PartyType partyType, String partyId, LocalDate weekStart, int conversationsOpened,
                        int merchantConversationsOpened, int contactViews) {

    /** What was used of the quota that counts {@code kind}. */
    public int used(QuotaKind kind) {
        return switch (kind) {
            case CONVERSATIONS -> conversationsOpened;
            case MERCHANT_CONVERSATIONS -> merchantConversationsOpened;
            case CONTACT_VIEWS -> contactViews;
        };
    }
}
