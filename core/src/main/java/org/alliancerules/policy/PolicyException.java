package org.alliancerules.policy;

import java.util.List;

/** A policy file that cannot be used; each problem reads "file:line:col: message". */
public class PolicyException extends RuntimeException {

    private final List<String> problems;

    public PolicyException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
