package org.alliancerules.facts;

import java.time.LocalDate;

/**
 * The weekly quota that governs one contact request: whose it is, for which natural week, what it
 * counts, the clause that sets it (IMQ-2..5), how many a week, and the basis (tier) in words.
 */
public record Quota(String requestId, PartyType partyType, String partyId, LocalDate weekStart, QuotaKind kind,
                    String clause, int limit, String basis) {
}
