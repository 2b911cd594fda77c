package org.alliancerules.io;

/**
 * One problem found in an input file, for people to read.
 *
 * @param source  the file name as the user gave it ("&lt;stdin&gt;" for standard input)
 * @param pointer the JSON pointer (RFC 6901) of the offending value, "" for the document itself
 * @param line    1-based line of the offending value, 0 when unknown
 * @param column  1-based column of the offending value, 0 when unknown
 * @param message what is wrong, stating the value found and what was expected
 */
public record Problem(String source, String pointer, int line, int column, String message) {

    public Problem {
        source = source == null ? "" : source;
        pointer = pointer == null ? "" : pointer;
        message = message == null ? "" : message;
    }

    /** {@code source:line:col: pointer: message}, leaving out line/column when unknown and the pointer when empty. */
    public String format() {
        StringBuilder out = new StringBuilder(source);
        if (line > 0) {
            out.append(':').append(line);
            if (column > 0) {
                out.append(':').append(column);
            }
        }
        if (!out.isEmpty()) {
            out.append(": ");
        }
        if (!pointer.isEmpty()) {
            out.append(pointer).append(": ");
        }
        return out.append(message).toString();
    }

    @Override
    public String toString() {
        return format();
    }
}
