package org.alliancerules.facts;

/**
 * One creator (达人) as the SHW rules see it. Nullable fields mean "not given in the request"; the rules
 * treat a missing fact as not met. One fact per creator.
 */
public record Creator(String id, Integer level, Boolean realNameVerified, Long followers, Long publishedWorks,
                      Double depositPaid) {

    /** Identity: a creator is one fact, never compared by content. */
    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
