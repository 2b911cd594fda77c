package example;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.alliancerules.engine.AllianceSessions;
import org.alliancerules.io.RequestReader;
import org.alliancerules.model.DecisionView;
import org.alliancerules.model.EvaluationRequest;
import org.alliancerules.policy.Policy;
import org.alliancerules.policy.PolicySet;
import org.kie.api.KieServices;
import org.kie.api.runtime.KieSession;

public class KieSessionHost {
    public static void main(String[] args) throws IOException {
        Path file = Path.of(args.length > 0 ? args[0] : "examples/sample-request.json");
        EvaluationRequest request = new RequestReader().read(file);       // validated, or InvalidInputException
        String profile = request.policy() != null ? request.policy() : "default";
        Policy policy = PolicySet.fromClasspath().inEffect(profile, request.asOf()); // the version in force on asOf

        // core's jar is a kjar: KieBases alliance-default and alliance-v3, precompiled, one session each
        KieSession session = KieServices.get().getKieClasspathContainer()
                .newKieSession(AllianceSessions.sessionFor(policy));
        try {
            // session.addEventListener(...);                 // your listeners, your facts, beside ours
            AllianceSessions.prepare(session, policy, request.asOf());    // globals: today, the policy's sections
            AllianceSessions.insert(session, request.merchants());        // Merchant and Controller facts
            session.fireAllRules();
            Map<String, List<DecisionView>> decisions = AllianceSessions.decisions(session);
            decisions.forEach((merchant, ds) -> ds.forEach(d ->
                    System.out.println(merchant + " " + d.type() + " " + d.clause() + ": " + d.reason())));
        } finally {
            session.dispose();
        }
    }
}
