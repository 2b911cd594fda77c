package org.alliancerules.facts;

/** The kinds of party of the alliance's messaging tool (IMQ); names are fixed by the contract. */
public enum PartyType {
    MERCHANT,
    CREATOR,
    INSTITUTION,
    TEAM_LEADER
}
