package org.alliancerules.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.alliancerules.io.Json;
import org.alliancerules.model.DecisionView;
import org.alliancerules.model.EvaluationRequest;
import org.alliancerules.model.EvaluationResult;
import org.alliancerules.model.MerchantInput;
import org.alliancerules.model.MerchantResult;

/**
 * Writes a disagreement as a fixture case of the shape the fixture runner reads:
 * {@code cases: [{name, clauses, request, expect: {merchantId: {decisions: [{type, clause}], next}}}]}.
 * The request keeps only the disagreeing merchants and their controller's other shops (ADM-5).
 */
final class MismatchFixtures {

    private MismatchFixtures() {
    }

    static Path write(Path dir, String name, EvaluationRequest request, EvaluationResult expected,
                      List<Differences.Mismatch> mismatches) throws IOException {
        Set<String> ids = new LinkedHashSet<>();
        Set<String> controllers = new LinkedHashSet<>();
        for (Differences.Mismatch m : mismatches) {
            ids.add(m.merchantId());
            MerchantInput in = request.merchants().get(m.index());
            if (in.controllerId() != null) controllers.add(in.controllerId());
        }
        List<MerchantInput> kept = new ArrayList<>();
        for (MerchantInput m : request.merchants()) {
            if (ids.contains(m.id()) || (m.controllerId() != null && controllers.contains(m.controllerId()))) {
                kept.add(m);
            }
        }
        Set<String> clauses = new LinkedHashSet<>();
        Map<String, Object> expect = new LinkedHashMap<>();
        for (MerchantResult r : expected.results()) {
            if (!ids.contains(r.merchantId())) continue;
            List<Map<String, String>> ds = new ArrayList<>();
            for (DecisionView d : r.decisions()) {
                ds.add(Map.of("type", d.type(), "clause", d.clause()));
                clauses.add(d.clause());
            }
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("decisions", ds);
            e.put("next", r.next());
            expect.put(r.merchantId(), e);
        }
        Map<String, Object> request2 = new LinkedHashMap<>();
        request2.put("asOf", request.asOf());
        request2.put("policy", request.policyOrDefault());
        request2.put("merchants", kept);
        Map<String, Object> kase = new LinkedHashMap<>();
        kase.put("name", name);
        kase.put("clauses", new ArrayList<>(clauses));
        kase.put("request", request2);
        kase.put("expect", expect);
        Files.createDirectories(dir);
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, Json.yamlMapper().writeValueAsString(Map.of("cases", List.of(kase))));
        return file;
    }
}
