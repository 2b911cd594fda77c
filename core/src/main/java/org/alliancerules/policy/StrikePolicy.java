package org.alliancerules.policy;

/** STR / ADM-7: the closure count at which a merchant is banned for good. */
public record StrikePolicy(int banAtClosures) {
}
