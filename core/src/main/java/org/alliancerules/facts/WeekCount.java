package org.alliancerules.facts;

import java.time.LocalDate;

/**
 * What one party has used of one weekly quota in one natural week (IMQ-8): starts from the request's
 * {@code weekUsage} for that week (or nothing), and grows as the rules allow counted requests.
 */
public final class WeekCount {

    private final PartyType partyType;
    private final String partyId;
    private final LocalDate weekStart;
    private final QuotaKind kind;
    private int used;

    public WeekCount(PartyType partyType, String partyId, LocalDate weekStart, QuotaKind kind, int used) {
        this.partyType = partyType;
        this.partyId = partyId;
        this.weekStart = weekStart;
        this.kind = kind;
        this.used = used;
    }

    /** Nothing used yet: a quota granted afresh at Monday 00:00. */
    public static WeekCount fresh(PartyType partyType, String partyId, LocalDate weekStart, QuotaKind kind) {
        return new WeekCount(partyType, partyId, weekStart, kind, 0);
    }

    public PartyType getPartyType() {
        return partyType;
    }

    public String getPartyId() {
        return partyId;
    }

    public LocalDate getWeekStart() {
        return weekStart;
    }

    public QuotaKind getKind() {
        return kind;
    }

    public int getUsed() {
        return used;
    }

    public void setUsed(int used) {
        this.used = used;
    }
}
