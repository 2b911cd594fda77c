package org.alliancerules.facts;

/**
 * A conversation that exists between two parties (either opened it): given in the request, or opened
 * by an earlier contact request of the same evaluation. Reopening it never counts (IMQ-7).
 */
public record Conversation(PartyType aType, String aId, PartyType bType, String bId) {
}
