package org.alliancerules.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.alliancerules.model.MerchantInput;

/** Splits a population into session-sized batches without ever separating a controller's shops (ADM-5). */
public final class Batches {

    private Batches() {
    }

    public static List<List<MerchantInput>> keepingControllersTogether(List<MerchantInput> merchants, int batchSize) {
        Map<String, List<MerchantInput>> groups = new LinkedHashMap<>();
        for (MerchantInput m : merchants) {
            String key = m.controllerId() == null ? "\u0000" + m.id() : m.controllerId();
            groups.computeIfAbsent(key, k -> new ArrayList<>(1)).add(m);
        }
        List<List<MerchantInput>> batches = new ArrayList<>();
        List<MerchantInput> current = new ArrayList<>();
        for (List<MerchantInput> group : groups.values()) {
            if (!current.isEmpty() && current.size() + group.size() > batchSize) {
                batches.add(current);
                current = new ArrayList<>();
            }
            current.addAll(group);
        }
        if (!current.isEmpty()) {
            batches.add(current);
        }
        return batches;
    }
}
