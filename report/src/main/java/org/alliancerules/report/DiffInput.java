package org.alliancerules.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.alliancerules.io.InvalidInputException;
import org.alliancerules.io.RequestReader;

/**
 * The output of {@code diff} read back for its heat map:
 * {@code {"merchants": n, "changed": n, "base": {...}, "candidate": {...}, "transitions": [{"from", "to",
 * "count", "clauses": [...], "samples": [...]}]}}.
 *
 * @param base      what the base run was (its labels, as text)
 * @param candidate what the candidate run was
 * @param states    every state a transition starts or ends in, in order of first appearance
 */
public record DiffInput(String source, long merchants, long changed, Map<String, String> base,
                        Map<String, String> candidate, List<Transition> transitions, List<String> states) {

    /** Merchants moved from one outcome to another, the clauses that did it and a few of them. */
    public record Transition(String from, String to, long count, List<String> clauses, List<String> samples) {
    }

    /** Reads and checks a diff output file. @throws InvalidInputException every problem located */
    public static DiffInput read(Path file) throws IOException {
        JsonInput in = new JsonInput(RequestReader.shared().readTree(file));
        JsonNode root = in.doc.root();
        if (!root.isObject()) {
            in.problem("", "a diff output is a JSON object with \"transitions\"");
            throw new InvalidInputException(in.problems);
        }
        Long merchants = in.count(root, "merchants", "/merchants", true);
        Long changed = in.count(root, "changed", "/changed", true);
        Map<String, String> base = labels(in, root, "base");
        Map<String, String> candidate = labels(in, root, "candidate");
        List<Transition> transitions = new ArrayList<>();
        List<String> states = new ArrayList<>();
        JsonNode list = in.array(root, "transitions", "/transitions");
        if (list != null) {
            for (int i = 0; i < list.size(); i++) {
                String at = "/transitions/" + i;
                JsonNode t = list.get(i);
                if (!t.isObject()) {
                    in.problem(at, "must be an object with \"from\", \"to\" and \"count\"");
                    continue;
                }
                String from = in.text(t, "from", at + "/from", true);
                String to = in.text(t, "to", at + "/to", true);
                Long count = in.count(t, "count", at + "/count", true);
                List<String> clauses = texts(in, t, "clauses", at);
                List<String> samples = texts(in, t, "samples", at);
                if (from != null && to != null && count != null) {
                    transitions.add(new Transition(from, to, count, clauses, samples));
                    if (!states.contains(from)) {
                        states.add(from);
                    }
                    if (!states.contains(to)) {
                        states.add(to);
                    }
                }
            }
        }
        if (!in.problems.isEmpty()) {
            throw new InvalidInputException(in.problems);
        }
        return new DiffInput(in.doc.source(), merchants, changed, base, candidate, transitions, states);
    }

    private static Map<String, String> labels(JsonInput in, JsonNode root, String field) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode n = in.object(root, field, "/" + field);
        if (n != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString());
            }
        }
        return out;
    }

    private static List<String> texts(JsonInput in, JsonNode parent, String field, String at) {
        List<String> out = new ArrayList<>();
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isArray()) {
            in.problem(at + "/" + field, "must be an array of texts");
            return out;
        }
        for (int i = 0; i < n.size(); i++) {
            if (!n.get(i).isTextual()) {
                in.problem(at + "/" + field + "/" + i, "must be a text");
            } else {
                out.add(n.get(i).asText());
            }
        }
        return out;
    }
}
