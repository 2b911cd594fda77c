package org.alliancerules.engine;

/**
 * The rules were stopped while evaluating: a rule fired more often than the firing limit allows for one
 * merchant, a batch ran longer than the batch timeout, or a consequence threw. The message is located
 * ("rules/loop.drl:7:1: rule \"Loop\" fired 1000 times for merchant m-1, reaching the limit ...") and names the rule and the
 * merchant; nothing of the evaluation is returned. The command line exits 5.
 */
public class RunawayRulesException extends RuntimeException {

    public RunawayRulesException(String message) {
        super(message, null, false, false);
    }
}
