package org.alliancerules.model;

/**
 * A creator (达人) of a request (P1): its e-commerce level in the previous natural week (IMQ-4 quota) and
 * the showcase conditions (SHW-1). Fields may be null (not given).
 */
public record CreatorInput(String id, Integer level, Boolean realNameVerified, Long followers, Long publishedWorks,
                           Double depositPaid) {
}
