package org.alliancerules.engine;

import java.util.List;

/** A compiled rule: its name, the clauses it implements, the interpretations it relies on, its file. */
public record RuleInfo(String name, List<String> clauses, List<String> interpretations, String file)
        implements java.io.Serializable {
}
