package org.alliancerules.engine;

import java.util.List;

import org.alliancerules.model.CreatorResult;

/** A creator's decisions and the rules that fired for it (fixtures, explain). */
public record CreatorTrace(CreatorResult result, List<String> firedRules) {
}
