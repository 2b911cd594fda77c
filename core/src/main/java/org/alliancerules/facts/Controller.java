package org.alliancerules.facts;

import java.util.List;

/**
 * One controller (the legal entity behind several shops) with the penalties of all its shops in the
 * evaluation, for ADM-5: a severe penalty of one shop bars its siblings. One fact per controller.
 */
public record Controller(String id, List<Penalty> penalties) {

    /** Identity: a controller is one fact, never compared by content. */
    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
