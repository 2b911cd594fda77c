package org.alliancerules.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.alliancerules.policy.Policy;
import org.alliancerules.policy.PolicySet;

/**
 * The score thresholds a merchant's score chart shows, read from the policy version in force on each day
 * (the store's runs record {@code policy_id}/{@code policy_version} per day; the profiles are the packaged
 * ones): admission {@code admission.minScore} (ADM-3), warning {@code check.warningBelow} (CHK-1) and
 * closure {@code check.closureBelow} (CHK-2). Nothing is hard-coded: a version that is not packaged draws
 * no lines and says so.
 */
public final class PolicyLines {

    /** One threshold over a run of days with the same policy version. */
    public record Segment(String key, String label, String clause, double value, String from, String to, String policy) {
    }

    private final Map<String, Policy> byLabel = new LinkedHashMap<>();

    public PolicyLines(PolicySet policies) {
        for (Policy latest : policies.all().values()) {
            for (Policy p : policies.versions(latest.id())) { // every version: each day is drawn with its own
                byLabel.put(p.label(), p);
            }
        }
    }

    /** The packaged profiles. */
    public static PolicyLines packaged() {
        return new PolicyLines(PolicySet.fromClasspath());
    }

    /** The policy of a label "id@version", or null when it is not packaged. */
    public Policy find(String label) {
        return label == null ? null : byLabel.get(label);
    }

    /**
     * The lines over {@code days}, given the policy label in force on each; labels that are not packaged
     * are added to {@code notes}.
     */
    public List<Segment> segments(List<String> days, List<String> labels, List<String> notes) {
        List<Segment> out = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= days.size(); i++) {
            if (i == days.size() || !same(labels.get(i), labels.get(start))) {
                String label = labels.get(start);
                Policy p = find(label);
                String from = days.get(start);
                String to = days.get(i - 1);
                if (p == null) {
                    String note = "policy " + label + " (in force " + from + " .. " + to
                            + ") is not among the packaged profiles: its score lines are not drawn";
                    if (!notes.contains(note)) {
                        notes.add(note);
                    }
                } else {
                    out.add(new Segment("admission", "admission ≥ " + p.admission().minScore() + " (ADM-3)", "ADM-3",
                            p.admission().minScore(), from, to, label));
                    out.add(new Segment("warning", "warning < " + p.check().warningBelow() + " (CHK-1)", "CHK-1",
                            p.check().warningBelow(), from, to, label));
                    out.add(new Segment("closure", "closure < " + p.check().closureBelow() + " (CHK-2)", "CHK-2",
                            p.check().closureBelow(), from, to, label));
                }
                start = i;
            }
        }
        return out;
    }

    private static boolean same(String a, String b) {
        return a == null ? b == null : a.equals(b);
    }
}
