package org.alliancerules.engine;

/** A DRL compilation problem at file:line:col, in words for an analyst. */
public record RuleError(String file, int line, int column, String message) {

    /** "rules/admission.drl:12:5: message" (line and column left out when unknown). */
    public String format() {
        StringBuilder s = new StringBuilder(file);
        if (line > 0) {
            s.append(':').append(line);
            if (column > 0) {
                s.append(':').append(column);
            }
        }
        return s.append(": ").append(message).toString();
    }
}
