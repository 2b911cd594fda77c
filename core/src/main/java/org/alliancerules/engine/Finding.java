package org.alliancerules.engine;

/**
 * One finding of {@code validate}: where, how serious, a stable code for tools, and the message for a person.
 *
 * @param file     the file, as given (a DRL file, a policy file, the catalogue)
 * @param line     1-based; 0 when the finding is about the whole file
 * @param column   1-based; 0 when unknown
 * @param severity {@code error} (the rules would be refused) or {@code warning}
 * @param code     a stable, kebab-case name of the kind of finding (for example {@code unknown-type})
 * @param message  what is wrong, with the names and values involved
 */
public record Finding(String file, int line, int column, String severity, String code, String message) {

    public static final String ERROR = "error";
    public static final String WARNING = "warning";

    /** "rules/x.drl:12:31: error: message [code]" (line and column left out when unknown). */
    public String format() {
        StringBuilder s = new StringBuilder(file);
        if (line > 0) {
            s.append(':').append(line);
            if (column > 0) {
                s.append(':').append(column);
            }
        }
        return s.append(": ").append(severity).append(": ").append(message).append(" [").append(code).append(']').toString();
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isError() {
        return ERROR.equals(severity);
    }
}
