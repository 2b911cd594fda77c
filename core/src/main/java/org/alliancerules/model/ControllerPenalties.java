package org.alliancerules.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;


/**
 * The severe penalties of controlled shops, by controller, gathered while a population too big to hold
 * is read once: evaluating a part of it, {@link #outside} gives the penalties of the part's sibling shops
 * that are not in the part, so ADM-5 sees every shop of a controller whichever part a shop is in.
 * Memory: the severe penalties of controlled shops only. Not thread-safe while it is filled.
 */
public final class ControllerPenalties {

    private final Map<String, List<ShopPenalty>> severe = new HashMap<>();

    /** Notes a shop's severe penalties (a shop without a controller has no siblings). */
    public void add(MerchantInput m) {
        if (m.controllerId() == null) {
            return;
        }
        for (PenaltyInput p : m.penalties()) {
            if (p != null && p.severe()) {
                add(new ShopPenalty(m.id(), m.controllerId(), p));
            }
        }
    }

    public void add(ShopPenalty p) {
        severe.computeIfAbsent(p.controllerId(), k -> new ArrayList<>()).add(p);
    }

    /** Forgets a shop's penalties (a row found bad after it was read). */
    public void remove(String merchantId) {
        severe.values().forEach(list -> list.removeIf(p -> p.merchantId().equals(merchantId)));
        severe.values().removeIf(List::isEmpty);
    }

    public boolean isEmpty() {
        return severe.isEmpty();
    }

    /** The severe penalties of shops outside {@code part} that share a controller with a shop in it (ADM-5). */
    public List<ShopPenalty> outside(List<MerchantInput> part) {
        List<ShopPenalty> outside = new ArrayList<>();
        if (severe.isEmpty()) {
            return outside;
        }
        Set<String> here = new HashSet<>();
        Set<String> controllers = new LinkedHashSet<>();
        for (MerchantInput m : part) {
            here.add(m.id());
            if (m.controllerId() != null) {
                controllers.add(m.controllerId());
            }
        }
        for (String c : controllers) {
            for (ShopPenalty p : severe.getOrDefault(c, List.of())) {
                if (!here.contains(p.merchantId())) {
                    outside.add(p);
                }
            }
        }
        return outside;
    }
}
