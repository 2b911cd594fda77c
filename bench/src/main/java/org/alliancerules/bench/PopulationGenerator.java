package org.alliancerules.bench;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.alliancerules.model.AllianceState;
import org.alliancerules.model.DailyFigures;
import org.alliancerules.model.EvaluationRequest;
import org.alliancerules.model.GradeState;
import org.alliancerules.model.MerchantInput;
import org.alliancerules.model.Metrics30d;
import org.alliancerules.model.PenaltyInput;
import org.alliancerules.policy.GradingPolicy;
import org.alliancerules.policy.LevelLimits;
import org.alliancerules.policy.Policy;

/**
 * Seeded synthetic merchants, biased toward every boundary of the P0 rules: scores at 3.5/3.8/4.0
 * and 0.01 either side, 59/60/364/365-day offsets, 2/3 closures, LV0/LV7, 29/30-day cadence, 80% of
 * the daily limits and just below, lv0Since 59/60 days back, controllers shared by several shops
 * with severe penalties. Boundary values are read from the policy, so the generator follows it.
 * Every request it makes is valid (no date after asOf, lv0Since at LV0).
 */
public final class PopulationGenerator {

    public static final LocalDate DEFAULT_AS_OF = LocalDate.of(2026, 11, 22);
    private static final String[] RULES = {"EVASION_INFO", "MERCHANT_VIOLATION", "ALLIANCE_MANAGEMENT", "OTHER"};
    private static final String[] OTHER_CATEGORIES = {"GENERAL", "BEAUTY", "FOOD"};

    private final Policy policy;
    private final LocalDate asOf;
    private final LevelLimits[] levels;

    public PopulationGenerator(Policy policy, LocalDate asOf) {
        this.policy = policy;
        this.asOf = asOf;
        GradingPolicy g = policy.grading();
        levels = new LevelLimits[g.maxLevel() + 1];
        for (LevelLimits l : policy.levels()) {
            levels[l.level()] = l;
        }
    }

    public LocalDate asOf() {
        return asOf;
    }

    /** A request of {@code n} merchants; about one in three shares a controller with others. */
    public EvaluationRequest request(long seed, int n) {
        return new EvaluationRequest(asOf, policy.id(), merchants(seed, n));
    }

    public List<MerchantInput> merchants(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        List<MerchantInput> out = new ArrayList<>(n);
        int controllers = Math.max(1, n / 4);
        for (int i = 0; i < n; i++) {
            out.add(merchant(r, "m-" + i, controllers));
        }
        return out;
    }

    /** One merchant; its controller is drawn from {@code controllers} shared ids (or none, or its own). */
    public MerchantInput merchant(SplittableRandom r, String id, int controllers) {
        String controllerId = switch (r.nextInt(4)) {
            case 0 -> null;
            case 1 -> "own-" + id;
            default -> "c-" + r.nextInt(controllers);
        };
        GradingPolicy g = policy.grading();
        String category = r.nextInt(10) < 7 ? g.categories().get(r.nextInt(g.categories().size()))
                : OTHER_CATEGORIES[r.nextInt(OTHER_CATEGORIES.length)];
        LocalDate onboardedOn = onboarded(r);
        AllianceState alliance = alliance(r);
        GradeState grade = grade(r);
        int level = grade == null || grade.level() == null ? g.initialLevel() : grade.level();
        LocalDate changed = grade == null ? null : grade.lastChangedOn();
        return new MerchantInput(id, controllerId, r.nextBoolean() ? "ENTERPRISE" : "INDIVIDUAL", category,
                onboardedOn, flag(r), flag(r), flag(r), score(r), flag(r), penalties(r, alliance),
                alliance, grade, metrics(r, level), daily(r, level, changed));
    }

    private LocalDate back(long days) {
        return asOf.minusDays(Math.max(0, days));
    }

    private static int pick(SplittableRandom r, int... values) {
        return values[r.nextInt(values.length)];
    }

    private Boolean flag(SplittableRandom r) {
        int x = r.nextInt(40);
        return x == 0 ? null : x == 1 ? Boolean.FALSE : Boolean.TRUE;
    }

    private LocalDate onboarded(SplittableRandom r) {
        int grace = policy.admission().newMerchantGraceDays();
        LocalDate before = policy.grading().onboardedBefore();
        return switch (r.nextInt(10)) {
            case 0 -> r.nextInt(4) == 0 ? null : back(r.nextInt(2000));
            case 1 -> back(grace - 1 + r.nextInt(3));
            case 2 -> r.nextBoolean() ? before : before.minusDays(1);
            case 3 -> back(r.nextInt(grace + 5));
            default -> before.minusDays(1 + r.nextInt(1500));
        };
    }

    private Double score(SplittableRandom r) {
        int x = r.nextInt(10);
        if (x == 0) {
            return null;
        }
        if (x <= 6) {
            double[] marks = {policy.check().closureBelow(), policy.check().warningBelow(), policy.admission().minScore()};
            double base = marks[r.nextInt(marks.length)];
            return round2(base + pick(r, -1, 0, 0, 1) * 0.01);
        }
        return x == 7 ? (double) pick(r, 0, 5) : round2(r.nextDouble() * 5);
    }

    private static double round2(double v) {
        return Math.max(0, Math.min(5, Math.round(v * 100) / 100.0));
    }

    private AllianceState alliance(SplittableRandom r) {
        int ban = policy.strikes().banAtClosures();
        int x = r.nextInt(10);
        if (x < 2) {
            return null;
        }
        if (x < 6) { // member: fewer closures than the ban
            LocalDate admitted = r.nextInt(20) == 0 ? null : back(r.nextInt(800));
            int closures = r.nextInt(ban);
            LocalDate closed = closures == 0 ? null : back(800 + r.nextInt(500));
            return new AllianceState(true, admitted, closures, closed);
        }
        int closures = pick(r, 0, ban - 1, ban - 1, ban, ban, ban + 1);
        return new AllianceState(false, null, Math.max(0, closures), closures > 0 ? back(r.nextInt(400)) : null);
    }

    private List<PenaltyInput> penalties(SplittableRandom r, AllianceState alliance) {
        int n = pick(r, 0, 0, 0, 1, 1, 2, 3);
        if (n == 0) {
            return List.of();
        }
        int look = policy.admission().penaltyLookbackDays();
        List<PenaltyInput> ps = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            LocalDate on = switch (r.nextInt(5)) {
                case 0 -> back(look - 1 + r.nextInt(3));
                case 1 -> alliance != null && alliance.admittedOn() != null
                        ? clamp(alliance.admittedOn().plusDays(r.nextInt(3) - 1)) : back(r.nextInt(30));
                case 2 -> back(r.nextInt(3));
                default -> back(r.nextInt(1500));
            };
            ps.add(new PenaltyInput(RULES[r.nextInt(RULES.length)], on, r.nextInt(6) == 0, r.nextInt(5) == 0));
        }
        return ps;
    }

    private LocalDate clamp(LocalDate d) {
        return d.isAfter(asOf) ? asOf : d;
    }

    private GradeState grade(SplittableRandom r) {
        GradingPolicy g = policy.grading();
        int x = r.nextInt(20);
        if (x == 0) {
            return null;
        }
        if (x == 1) {
            return new GradeState(null, null, null);
        }
        int level = switch (r.nextInt(4)) {
            case 0 -> g.minLevel();
            case 1 -> g.maxLevel();
            default -> g.minLevel() + r.nextInt(g.maxLevel() - g.minLevel() + 1);
        };
        int cadence = g.cadenceDays();
        LocalDate changed = switch (r.nextInt(5)) {
            case 0 -> null;
            case 1, 2 -> back(cadence - 1 + r.nextInt(3));
            case 3 -> back(r.nextInt(cadence));
            default -> back(r.nextInt(400));
        };
        LocalDate lv0Since = null;
        if (level == g.minLevel()) {
            int clear = g.clearanceDays();
            lv0Since = r.nextBoolean() ? back(clear - 1 + r.nextInt(3)) : back(r.nextInt(200));
        }
        return new GradeState(level, changed, lv0Since);
    }

    private double near(SplittableRandom r, double mark, double step) {
        return Math.max(0, mark + pick(r, -1, 0, 0, 1) * step);
    }

    private Metrics30d metrics(SplittableRandom r, int level) {
        if (r.nextInt(10) == 0) {
            return null;
        }
        GradingPolicy g = policy.grading();
        LevelLimits l = levels[level];
        boolean good = r.nextBoolean(); // good: around the upgrade values; otherwise around the downgrade values
        GradingPolicy.Rates rates = good ? g.upgrade() : g.downgrade();
        double complaint = r.nextInt(3) == 0 ? r.nextDouble() * 0.03 : near(r, rates.complaintRate(), 0.001);
        double product = Math.min(1, r.nextInt(3) == 0 ? 0.8 + r.nextDouble() * 0.2 : near(r, rates.productGoodRate(), 0.01));
        double service = Math.min(1, r.nextInt(3) == 0 ? 0.8 + r.nextDouble() * 0.2 : near(r, rates.serviceGoodRate(), 0.01));
        double orders = r.nextInt(3) == 0 ? r.nextInt((int) Math.max(2, l.upgradeOrders() * 2))
                : near(r, good ? l.upgradeOrders() : l.downgradeOrders(), 1);
        double gmv = r.nextInt(3) == 0 ? Math.round(r.nextDouble() * l.upgradeGmv() * 2)
                : near(r, good ? l.upgradeGmv() : l.downgradeGmv(), 0.01);
        return new Metrics30d(complaint, product, service, orders, gmv);
    }

    private List<DailyFigures> daily(SplittableRandom r, int level, LocalDate changed) {
        int n = pick(r, 0, 1, 1, 2, 3);
        if (n == 0) {
            return List.of();
        }
        GradingPolicy g = policy.grading();
        LevelLimits l = levels[level];
        double share = g.fastUpgradeVolumeShare();
        long minOrders = (long) Math.ceil(share * l.dailyOrderLimit());
        double minGmv = share * l.dailyGmvLimit();
        List<DailyFigures> ds = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            LocalDate day = changed != null && r.nextBoolean() ? clamp(changed.plusDays(r.nextInt(2))) : back(r.nextInt(40));
            long orders = r.nextInt(4) == 0 ? r.nextInt((int) l.dailyOrderLimit() + 1) : minOrders - r.nextInt(2);
            double gmv = r.nextInt(4) == 0 ? Math.round(r.nextDouble() * l.dailyGmvLimit())
                    : Math.max(0, minGmv - (r.nextBoolean() ? 0 : 0.01));
            double review = r.nextInt(3) == 0 ? r.nextDouble() * 0.3 : near(r, g.fastUpgradeMinReviewRate(), 0.01);
            double product = Math.min(1, near(r, g.upgrade().productGoodRate(), 0.01));
            double service = Math.min(1, near(r, g.upgrade().serviceGoodRate(), 0.01));
            ds.add(new DailyFigures(day, Math.max(0, orders), gmv, review, product, service));
        }
        return ds;
    }
}
