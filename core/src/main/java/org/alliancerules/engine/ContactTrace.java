package org.alliancerules.engine;

import java.util.List;

import org.alliancerules.model.ContactResult;

/** A contact request's outcome and the rules that fired for it (fixtures, explain). */
public record ContactTrace(ContactResult result, List<String> firedRules) {
}
