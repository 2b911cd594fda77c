package org.alliancerules.facts;

/**
 * One party of the messaging tool as the IMQ rules see it: a merchant (its alliance membership and
 * last natural week's GMV), a creator (its e-commerce level last natural week), an institution or a
 * team leader. Nullable fields mean "not given in the request". One fact per party.
 */
public record Party(PartyType type, String id, boolean member, Double lastWeekGmv, Integer level) {

    /** Identity: a party is one fact, never compared by content. */
    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
