package org.alliancerules.facts;

import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * One request of the messaging tool: {@code from} wants to open a conversation with {@code to}, or to
 * view its contact details, at {@code at}. {@code order} is the request's place in time order (0-based;
 * requests at the same instant keep their order in the request): the rules decide them in that order,
 * one turn each ({@link ContactTurn}).
 */
public record ContactRequest(String id, int order, OffsetDateTime at, ContactAction action,
                             PartyType fromType, String fromId, PartyType toType, String toId) {

    /** The instant of the request, whatever offset it was written with. */
    public Instant instant() {
        return at.toInstant();
    }

    /** Identity: a request is one fact, never compared by content. */
    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
