package org.alliancerules.model;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** One merchant of a request, as the interchange contract spells it. Optional blocks may be null. */
public record MerchantInput(
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
        List<PenaltyInput> penalties,
        AllianceState alliance,
        GradeState grade,
        Metrics30d metrics30d,
        List<DailyFigures> daily) {

    public MerchantInput {
        // copies that keep null elements: validation reports them
        penalties = penalties == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(penalties));
        daily = daily == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(daily));
    }
}
