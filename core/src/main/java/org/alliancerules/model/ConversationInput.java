package org.alliancerules.model;

import java.time.OffsetDateTime;

/** A conversation that already exists between two parties (either opened it), and when it was opened. */
public record ConversationInput(PartyRef a, PartyRef b, OffsetDateTime openedAt) {
}
