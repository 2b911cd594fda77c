package org.alliancerules.report;

import java.util.Locale;

import org.alliancerules.model.AllianceState;
import org.alliancerules.model.GradeState;
import org.alliancerules.store.StoredState;

/** A merchant's state in words, for the report's headings. */
final class States {

    private States() {
    }

    /** "member since 2025-06-01, 1 closure (last 2025-02-10), LV3". */
    static String describe(StoredState s) {
        return s == null ? "unknown" : describe(s.alliance(), s.grade());
    }

    static String describe(AllianceState a, GradeState g) {
        if (a == null) {
            return "unknown";
        }
        StringBuilder out = new StringBuilder(a.member()
                ? "member" + (a.admittedOn() == null ? "" : " since " + a.admittedOn()) : "not a member");
        out.append(String.format(Locale.ROOT, ", %d closure%s", a.closures(), a.closures() == 1 ? "" : "s"));
        if (a.closedOn() != null) {
            out.append(" (last ").append(a.closedOn()).append(')');
        }
        if (g != null && g.level() != null) {
            out.append(", LV").append(g.level());
        }
        return out.toString();
    }
}
