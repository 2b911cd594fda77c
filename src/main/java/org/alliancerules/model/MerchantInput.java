package org.alliancerules.model;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * One merchant of a request, as the interchange contract spells it. Optional blocks may be null.
 * {@code lastWeekGmv} (P1): the previous natural week's GMV, which sets the messaging quota tier (IMQ-2/3).
 */
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
        List<DailyFigures> daily,
        Double lastWeekGmv) {

    @JsonCreator
    public MerchantInput {
        // copies that keep null elements: validation reports them
        penalties = penalties == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(penalties));
        daily = daily == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(daily));
    }

    /** A merchant without P1 fields (no {@code lastWeekGmv}). */
    public MerchantInput(String id, String controllerId, String shopType, String category, LocalDate onboardedOn,
                         Boolean shopOpen, Boolean accountNormal, Boolean businessNormal, Double experienceScore,
                         Boolean brandQualified, List<PenaltyInput> penalties, AllianceState alliance,
                         GradeState grade, Metrics30d metrics30d, List<DailyFigures> daily) {
        this(id, controllerId, shopType, category, onboardedOn, shopOpen, accountNormal, businessNormal,
                experienceScore, brandQualified, penalties, alliance, grade, metrics30d, daily, null);
    }
}
