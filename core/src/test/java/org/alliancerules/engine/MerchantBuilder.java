package org.alliancerules.engine;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.alliancerules.model.AllianceState;
import org.alliancerules.model.DailyFigures;
import org.alliancerules.model.GradeState;
import org.alliancerules.model.MerchantInput;
import org.alliancerules.model.Metrics30d;
import org.alliancerules.model.PenaltyInput;

/**
 * Builds test merchants. The default merchant meets every admission clause (ADM-1..7) and is out of
 * grading scope, so each test changes only the facts its clause looks at.
 */
final class MerchantBuilder {

    static final LocalDate AS_OF = LocalDate.of(2026, 11, 22);

    private final String id;
    private String controllerId;
    private String category = "FOOD";
    private LocalDate onboardedOn = LocalDate.of(2021, 1, 1);
    private Boolean shopOpen = true;
    private Boolean accountNormal = true;
    private Boolean businessNormal = true;
    private Double score = 4.5;
    private Boolean brandQualified = true;
    private final List<PenaltyInput> penalties = new ArrayList<>();
    private AllianceState alliance = AllianceState.NONE;
    private GradeState grade;
    private Metrics30d metrics;
    private final List<DailyFigures> daily = new ArrayList<>();

    private MerchantBuilder(String id) {
        this.id = id;
    }

    static MerchantBuilder merchant(String id) {
        return new MerchantBuilder(id);
    }

    static LocalDate daysAgo(int days) {
        return AS_OF.minusDays(days);
    }

    MerchantBuilder controller(String c) { this.controllerId = c; return this; }
    MerchantBuilder category(String c) { this.category = c; return this; }
    MerchantBuilder onboardedOn(LocalDate d) { this.onboardedOn = d; return this; }
    MerchantBuilder shopOpen(Boolean b) { this.shopOpen = b; return this; }
    MerchantBuilder accountNormal(Boolean b) { this.accountNormal = b; return this; }
    MerchantBuilder businessNormal(Boolean b) { this.businessNormal = b; return this; }
    MerchantBuilder score(Double s) { this.score = s; return this; }
    MerchantBuilder brandQualified(Boolean b) { this.brandQualified = b; return this; }

    MerchantBuilder penalty(String rule, LocalDate on, boolean severe, boolean clearance) {
        penalties.add(new PenaltyInput(rule, on, severe, clearance));
        return this;
    }

    MerchantBuilder member(LocalDate admittedOn, int closures) {
        this.alliance = new AllianceState(true, admittedOn, closures, null);
        return this;
    }

    MerchantBuilder nonMember(int closures, LocalDate closedOn) {
        this.alliance = new AllianceState(false, null, closures, closedOn);
        return this;
    }

    MerchantBuilder alliance(AllianceState a) { this.alliance = a; return this; }

    /** A member selling fresh produce, onboarded before 2022-09-09: in grading scope (GRD-1). */
    MerchantBuilder gradable() {
        this.category = "FRESH";
        this.onboardedOn = LocalDate.of(2020, 5, 1);
        this.alliance = new AllianceState(true, LocalDate.of(2021, 1, 1), 0, null);
        return this;
    }

    MerchantBuilder grade(Integer level, LocalDate lastChangedOn, LocalDate lv0Since) {
        this.grade = new GradeState(level, lastChangedOn, lv0Since);
        return this;
    }

    MerchantBuilder grade(GradeState g) { this.grade = g; return this; }

    MerchantBuilder metrics(double complaint, double productGood, double serviceGood, double orders, double gmv) {
        this.metrics = new Metrics30d(complaint, productGood, serviceGood, orders, gmv);
        return this;
    }

    MerchantBuilder day(LocalDate day, long orders, double gmv, double reviewRate, double productGood, double serviceGood) {
        daily.add(new DailyFigures(day, orders, gmv, reviewRate, productGood, serviceGood));
        return this;
    }

    MerchantInput build() {
        return new MerchantInput(id, controllerId, "ENTERPRISE", category, onboardedOn, shopOpen, accountNormal,
                businessNormal, score, brandQualified, penalties, alliance, grade, metrics, daily);
    }
}
