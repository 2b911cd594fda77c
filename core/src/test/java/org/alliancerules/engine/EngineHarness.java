package org.alliancerules.engine;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.alliancerules.model.EvaluationRequest;
import org.alliancerules.model.EvaluationResult;
import org.alliancerules.model.MerchantInput;
import org.alliancerules.model.MerchantResult;
import org.alliancerules.policy.Policy;

/** One engine for all tests, built from the analysts' rules directory. */
final class EngineHarness {

    static final RulesEngine ENGINE = RulesEngine.builder().rulesDirectory(Path.of("rules")).build();
    static final Policy POLICY = ENGINE.policies().find("default");

    private EngineHarness() {
    }

    static EvaluationResult evaluate(LocalDate asOf, MerchantInput... merchants) {
        return ENGINE.evaluate(new EvaluationRequest(asOf, "default", List.of(merchants)));
    }

    static MerchantResult one(MerchantInput merchant) {
        return evaluate(MerchantBuilder.AS_OF, merchant).results().get(0);
    }

    /** "TYPE CLAUSE" of every decision, sorted. */
    static Set<String> decisions(MerchantResult r) {
        Set<String> out = new TreeSet<>();
        r.decisions().forEach(d -> out.add(d.type() + " " + d.clause()));
        return out;
    }

    static Set<String> decisionsOf(MerchantInput merchant) {
        return decisions(one(merchant));
    }
}
