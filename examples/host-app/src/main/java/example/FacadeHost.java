package example;

import java.io.IOException;
import java.nio.file.Path;

import org.alliancerules.engine.RulesEngine;
import org.alliancerules.io.RequestReader;
import org.alliancerules.model.EvaluationRequest;
import org.alliancerules.model.EvaluationResult;
import org.alliancerules.model.MerchantResult;

public class FacadeHost {
    public static void main(String[] args) throws IOException {
        // Build once at start-up: compiles the rules and reads the policies. Thread-safe; share it.
        RulesEngine engine = RulesEngine.builder()
                // .rulesDirectory(Path.of("/etc/alliance/rules"))   // an edited rules directory instead of the packaged one
                // .policyFile(Path.of("/etc/alliance/policy.yaml")) // one policy for every request
                .build();

        Path file = Path.of(args.length > 0 ? args[0] : "examples/sample-request.json");
        EvaluationRequest request = new RequestReader().read(file); // validated, or InvalidInputException
        EvaluationResult result = engine.evaluate(request);          // any number of merchants
        for (MerchantResult r : result.results()) {
            r.decisions().forEach(d -> System.out.println(r.merchantId() + " " + d.type() + " " + d.clause() + ": " + d.reason()));
            // r.next() is tomorrow's alliance and grade state: feed it back to chain days
        }
    }
}
