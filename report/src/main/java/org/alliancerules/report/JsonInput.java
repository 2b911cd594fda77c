package org.alliancerules.report;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.alliancerules.io.Document;
import org.alliancerules.io.Problem;

/** Reading a command's JSON output back: each problem located at its JSON pointer, line and column. */
final class JsonInput {

    final Document doc;
    final List<Problem> problems = new ArrayList<>();

    JsonInput(Document doc) {
        this.doc = doc;
    }

    void problem(String pointer, String message) {
        int[] at = doc.lines().apply(pointer);
        problems.add(new Problem(doc.source(), pointer, at[0], at[1], message));
    }

    JsonNode object(JsonNode parent, String field, String pointer) {
        JsonNode n = parent.get(field);
        if (n == null || !n.isObject()) {
            problem(n == null ? pointer.substring(0, pointer.lastIndexOf('/')) : pointer,
                    n == null ? "missing \"" + field + "\" (an object)" : "must be an object");
            return null;
        }
        return n;
    }

    JsonNode array(JsonNode parent, String field, String pointer) {
        JsonNode n = parent.get(field);
        if (n == null || !n.isArray()) {
            problem(n == null ? pointer.substring(0, pointer.lastIndexOf('/')) : pointer,
                    n == null ? "missing \"" + field + "\" (an array)" : "must be an array");
            return null;
        }
        return n;
    }

    String text(JsonNode parent, String field, String pointer, boolean required) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            if (required) {
                problem(pointer.substring(0, pointer.lastIndexOf('/')), "missing \"" + field + "\" (a text)");
            }
            return null;
        }
        if (!n.isTextual()) {
            problem(pointer, "must be a text, not " + n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
            return null;
        }
        return n.asText();
    }

    LocalDate day(JsonNode parent, String field, String pointer) {
        String t = text(parent, field, pointer, true);
        if (t == null) {
            return null;
        }
        try {
            return LocalDate.parse(t);
        } catch (DateTimeParseException e) {
            problem(pointer, "\"" + t + "\" is not a date (YYYY-MM-DD)");
            return null;
        }
    }

    /** A whole number >= 0 (or null when absent and not required). */
    Long count(JsonNode parent, String field, String pointer, boolean required) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            if (required) {
                problem(pointer.substring(0, pointer.lastIndexOf('/')), "missing \"" + field + "\" (a whole number)");
            }
            return null;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < 0) {
            problem(pointer, n + " is not a whole number of 0 or more");
            return null;
        }
        return n.asLong();
    }

    static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}
