package org.alliancerules.model;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One merchant of a request, as the interchange contract spells it. Optional blocks may be null.
 * {@code lastWeekGmv} (P1): the previous natural week's GMV, which sets the messaging quota tier (IMQ-2/3).
 * P2 (the seed-003 profile, issue 14; null when absent, left out of JSON then): the day the shop opened,
 * its genuine orders, its industry licences, whether it rectified after a closure, its violations and the
 * violation ladder's state, its operating indicators, products, orders to settle and commission disputes.
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
        Double lastWeekGmv,
        @JsonInclude(JsonInclude.Include.NON_NULL) LocalDate shopOpenedOn,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer genuineOrders,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<String> licences,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean rectified,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<ViolationInput> violations,
        @JsonInclude(JsonInclude.Include.NON_NULL) LadderState ladder,
        @JsonInclude(JsonInclude.Include.NON_NULL) OperatingInput operating,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<ProductInput> products,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<OrderInput> orders,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<DisputeInput> disputes) {

    @JsonCreator
    public MerchantInput {
        // copies that keep null elements: validation reports them
        penalties = penalties == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(penalties));
        daily = daily == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(daily));
        // P2 lists stay null when absent: "no products given" is not "no products" (PRD-6)
        licences = copyOrNull(licences);
        violations = copyOrNull(violations);
        products = copyOrNull(products);
        orders = copyOrNull(orders);
        disputes = copyOrNull(disputes);
    }

    private static <T> List<T> copyOrNull(List<T> list) {
        return list == null ? null : Collections.unmodifiableList(new ArrayList<>(list));
    }

    /** A merchant without P2 fields (the seed-003 profile's). */
    public MerchantInput(String id, String controllerId, String shopType, String category, LocalDate onboardedOn,
                         Boolean shopOpen, Boolean accountNormal, Boolean businessNormal, Double experienceScore,
                         Boolean brandQualified, List<PenaltyInput> penalties, AllianceState alliance,
                         GradeState grade, Metrics30d metrics30d, List<DailyFigures> daily, Double lastWeekGmv) {
        this(id, controllerId, shopType, category, onboardedOn, shopOpen, accountNormal, businessNormal,
                experienceScore, brandQualified, penalties, alliance, grade, metrics30d, daily, lastWeekGmv,
                null, null, null, null, null, null, null, null, null, null);
    }

    /** Whether the merchant carries any field of the seed-003 profile (P2). */
    public boolean hasP2() {
        return shopOpenedOn != null || genuineOrders != null || licences != null || rectified != null
                || violations != null || ladder != null || operating != null || products != null || orders != null
                || disputes != null;
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
