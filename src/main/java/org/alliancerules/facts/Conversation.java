package org.alliancerules.facts;

/**
 * A conversation that exists between two parties (either opened it): given in the request, or opened
 * by an earlier contact request of the same evaluation. Reopening it never counts (IMQ-7).
 */
public record Conversation(PartyType aType, String aId, PartyType bType, String bId) {

    /** Whether this is the conversation between the two parties, whichever opened it. */
    public boolean between(PartyType xType, String xId, PartyType yType, String yId) {
        return (aType == xType && aId.equals(xId) && bType == yType && bId.equals(yId))
                || (aType == yType && aId.equals(yId) && bType == xType && bId.equals(xId));
    }
}
