package org.alliancerules.model;

import java.util.List;

/** The decisions for one creator (SHW-1: SHOWCASE_ALLOWED, or one SHOWCASE_DENIED per unmet condition). */
public record CreatorResult(String creatorId, List<DecisionView> decisions) {
}
