package org.alliancerules.facts;

import java.time.LocalDate;
import java.util.List;

/**
 * P2 (the seed-003 profile): what the v3 rules know about a shop beyond its {@link Merchant} fact: the day it
 * opened (the onboarding day when not given), its genuine orders, licences, whether it rectified, the violation
 * ladder's state at the start of the day, its operating indicators and whether the request lists its products.
 * Nullable fields mean "not given"; the rules treat them as not met. One per merchant, in the v3 rule set only.
 */
public record Shop(
        String merchantId,
        LocalDate openedOn,
        Integer genuineOrders,
        List<String> licences,
        Boolean rectified,
        int priorViolations,
        LocalDate countedThrough,
        LocalDate trafficLimitedUntil,
        LocalDate closedUntil,
        boolean removed,
        boolean operatingGiven,
        Double fulfilmentRate,
        Double returnRate,
        Double complaintHandlingHours,
        boolean productsGiven) implements MerchantScoped {

    /** Identity: a shop is one fact, never compared by content. */
    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
