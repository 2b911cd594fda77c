package org.alliancerules.facts;

import java.time.LocalDate;

/**
 * One merchant as the rules see it: identity, admission inputs and today's alliance state.
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
        LocalDate closedOn) implements MerchantScoped {

    @Override
    public String merchantId() {
        return id;
    }
}
