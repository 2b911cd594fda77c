package org.alliancerules.facts;

import java.time.LocalDate;
import java.util.List;

/**
 * One merchant (shop) as the rules see it: identity, admission inputs, today's alliance state, and
 * everything else the request says about it, reached from the rules with {@code from}: its penalties,
 * the grade the platform gave it, its 30-day metrics and its daily figures. One fact per merchant.
 * Nullable fields mean "not given in the request"; the rules treat a missing fact as not met.
 */
public record Merchant(
        String id,
        String controllerId,
        String shopType,
        String category,
        LocalDate onboardedOn,
        Boolean shopOpen,
        Boolean accountNormal,
        Boolean businessNormal,
        Double experienceScore,
        Boolean brandQualified,
        boolean member,
        LocalDate admittedOn,
        int closures,
        LocalDate closedOn,
        List<Penalty> penalties,
        Grade grade,
        Metrics metrics,
        List<DayStat> daily) implements MerchantScoped {

    @Override
    public String merchantId() {
        return id;
    }

    /** Whether the request lists any penalty of this shop ({@code penalised} in the DRL). */
    public boolean isPenalised() {
        return !penalties.isEmpty();
    }

    /** Identity: a merchant is one fact, never compared by content. */
    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
