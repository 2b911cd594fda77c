package org.alliancerules.engine;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The values the request schema allows for each field name (an enum, or a minimum and maximum), for the
 * validate warning on a constraint that can never hold. A name the schema defines twice differently is left out.
 */
final class SchemaDomains {

    private static volatile Map<String, JsonNode> domains;

    private SchemaDomains() {
    }

    static Map<String, JsonNode> get() {
        Map<String, JsonNode> d = domains;
        if (d == null) {
            d = new HashMap<>();
            Set<String> conflicting = new HashSet<>();
            try {
                JsonNode schema = new ObjectMapper().readTree(ClasspathFiles.read("schema/evaluation-request.schema.json"));
                collect(schema, d, conflicting);
            } catch (Exception e) {
                // without the schema there is nothing to compare with
            }
            conflicting.forEach(d::remove);
            domains = d;
        }
        return d;
    }

    private static void collect(JsonNode node, Map<String, JsonNode> out, Set<String> conflicting) {
        if (node.isObject()) {
            JsonNode props = node.get("properties");
            if (props != null && props.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    JsonNode v = e.getValue();
                    if (v.has("enum") || v.has("minimum") || v.has("maximum")) {
                        JsonNode before = out.putIfAbsent(e.getKey(), v);
                        if (before != null && !before.equals(v)) {
                            conflicting.add(e.getKey());
                        }
                    }
                }
            }
            node.elements().forEachRemaining(child -> collect(child, out, conflicting));
        } else if (node.isArray()) {
            node.elements().forEachRemaining(child -> collect(child, out, conflicting));
        }
    }

    /** Why "field op literal" never holds for a field of this domain ("is one of [..]", "is at most 5"); null if it can. */
    static String never(JsonNode domain, String op, String literal) {
        boolean text = literal.startsWith("\"");
        if (domain.has("enum") && text && op.equals("==")) {
            String value = literal.substring(1, literal.length() - 1);
            for (JsonNode v : domain.get("enum")) {
                if (v.isTextual() && v.asText().equals(value)) {
                    return null;
                }
            }
            return "is one of " + domain.get("enum");
        }
        if (text || (!domain.has("minimum") && !domain.has("maximum"))) {
            return null;
        }
        BigDecimal x = new BigDecimal(literal);
        BigDecimal min = domain.has("minimum") ? domain.get("minimum").decimalValue() : null;
        BigDecimal max = domain.has("maximum") ? domain.get("maximum").decimalValue() : null;
        boolean never = switch (op) {
            case "==" -> (min != null && x.compareTo(min) < 0) || (max != null && x.compareTo(max) > 0);
            case ">" -> max != null && x.compareTo(max) >= 0;
            case ">=" -> max != null && x.compareTo(max) > 0;
            case "<" -> min != null && x.compareTo(min) <= 0;
            case "<=" -> min != null && x.compareTo(min) < 0;
            default -> false;
        };
        return never ? "is " + (min != null ? "at least " + min.toPlainString() : "") + (min != null && max != null ? " and " : "")
                + (max != null ? "at most " + max.toPlainString() : "") : null;
    }
}
