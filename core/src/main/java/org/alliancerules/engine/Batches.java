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
        // Shops without a controller have no siblings: they go straight into batches. Controlled shops
        // are grouped by controller, and the groups batched after them, never split.
        Map<String, List<MerchantInput>> groups = new LinkedHashMap<>();
        List<List<MerchantInput>> batches = new ArrayList<>();
        List<MerchantInput> current = new ArrayList<>(Math.min(batchSize, merchants.size()));
        for (MerchantInput m : merchants) {
            if (m.controllerId() != null) {
                groups.computeIfAbsent(m.controllerId(), k -> new ArrayList<>(2)).add(m);
                continue;
            }
            if (current.size() >= batchSize) {
                batches.add(current);
                current = new ArrayList<>(batchSize);
            }
            current.add(m);
        }
        for (List<MerchantInput> group : groups.values()) {
            if (!current.isEmpty() && current.size() + group.size() > batchSize) {
                batches.add(current);
                current = new ArrayList<>(batchSize);
            }
            current.addAll(group);
        }
        if (!current.isEmpty()) {
            batches.add(current);
        }
        return batches;
    }
}
