package org.alliancerules.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.alliancerules.model.DecisionView;
import org.alliancerules.model.EvaluationResult;
import org.alliancerules.model.MerchantResult;

/** Compares two results the way the differential test does: per merchant, the (type, clause) multiset and next state. */
public final class Differences {

    private Differences() {
    }

    /** One merchant on which the two results disagree. */
    public record Mismatch(int index, String merchantId, List<String> expectedDecisions, List<String> actualDecisions,
                           Object expectedNext, Object actualNext) {

        /** A short description of the kind of disagreement, for counting mismatches by kind. */
        public String signature() {
            List<String> missing = new ArrayList<>(expectedDecisions);
            actualDecisions.forEach(missing::remove);
            List<String> extra = new ArrayList<>(actualDecisions);
            expectedDecisions.forEach(extra::remove);
            String s = "missing " + missing + " extra " + extra;
            return Objects.equals(expectedNext, actualNext) ? s : s + " next differs";
        }

        @Override
        public String toString() {
            return merchantId + ": expected " + expectedDecisions + " next " + expectedNext
                    + "; actual " + actualDecisions + " next " + actualNext;
        }
    }

    /** "TYPE CLAUSE" of each decision, sorted. */
    public static List<String> decisions(MerchantResult r) {
        List<String> out = new ArrayList<>(r.decisions().size());
        for (DecisionView d : r.decisions()) {
            out.add(d.type() + " " + d.clause());
        }
        out.sort(null);
        return out;
    }

    /** Merchants whose decisions or next state differ; {@code expected} is the oracle's result. */
    public static List<Mismatch> between(EvaluationResult expected, EvaluationResult actual) {
        List<Mismatch> out = new ArrayList<>();
        int n = Math.max(expected.results().size(), actual.results().size());
        for (int i = 0; i < n; i++) {
            MerchantResult e = i < expected.results().size() ? expected.results().get(i) : null;
            MerchantResult a = i < actual.results().size() ? actual.results().get(i) : null;
            if (e == null || a == null || !e.merchantId().equals(a.merchantId())) {
                out.add(new Mismatch(i, e == null ? a.merchantId() : e.merchantId(),
                        e == null ? List.of() : decisions(e), a == null ? List.of() : decisions(a),
                        e == null ? null : e.next(), a == null ? null : a.next()));
                continue;
            }
            List<String> de = decisions(e);
            List<String> da = decisions(a);
            if (!de.equals(da) || !Objects.equals(e.next(), a.next())) {
                out.add(new Mismatch(i, e.merchantId(), de, da, e.next(), a.next()));
            }
        }
        return out;
    }
}
