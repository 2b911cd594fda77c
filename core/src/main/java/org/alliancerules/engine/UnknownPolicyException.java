package org.alliancerules.engine;

import java.util.Collection;

/** A request names a policy profile the engine does not have. */
public class UnknownPolicyException extends RuntimeException {

    public UnknownPolicyException(String id, Collection<String> known) {
        super("/policy: unknown policy profile '" + id + "', known: " + String.join(", ", known));
    }
}
