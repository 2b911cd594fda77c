package org.alliancerules.engine;

import java.util.List;

/**
 * A traced evaluation: per merchant, per contact request and per creator, the result and the rules that
 * fired for it, in request order.
 */
public record EvaluationTrace(List<MerchantTrace> merchants, List<ContactTrace> contacts, List<CreatorTrace> creators) {

    public EvaluationTrace {
        merchants = List.copyOf(merchants);
        contacts = List.copyOf(contacts);
        creators = List.copyOf(creators);
    }
}
