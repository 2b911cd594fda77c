package org.alliancerules.io;

import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** JSON tree helpers shared by fixtures and simulations. */
public final class Trees {

    private Trees() {
    }

    /** Deep merge: objects merge field by field, anything else (lists, values, null) replaces. */
    public static ObjectNode merge(ObjectNode target, JsonNode over) {
        Iterator<Map.Entry<String, JsonNode>> it = over.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode existing = target.get(e.getKey());
            if (existing != null && existing.isObject() && e.getValue().isObject()) {
                merge((ObjectNode) existing, e.getValue());
            } else {
                target.set(e.getKey(), e.getValue().deepCopy());
            }
        }
        return target;
    }
}
