package org.alliancerules.model;

import java.time.OffsetDateTime;

/** One request of the messaging tool: {@code from} opens a conversation with {@code to} (or views its contact) at {@code at}. */
public record ContactRequestInput(String id, OffsetDateTime at, String action, PartyRef from, PartyRef to) {
}
