package org.alliancerules.facts;

/** A decision the rules took for a creator (SHW): what, under which clause, by which rule, and why. */
public record CreatorDecision(String creatorId, DecisionType type, String clause, String rule, String reason,
                              String interpretation) {
}
