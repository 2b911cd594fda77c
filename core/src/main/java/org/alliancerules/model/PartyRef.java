package org.alliancerules.model;

/** A party of the messaging tool named in a request: its type (MERCHANT, CREATOR, INSTITUTION, TEAM_LEADER) and id. */
public record PartyRef(String type, String id) {

    @Override
    public String toString() {
        return type + " " + id;
    }
}
