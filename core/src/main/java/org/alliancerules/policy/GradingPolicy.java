package org.alliancerules.policy;

import java.time.LocalDate;
import java.util.List;

/**
 * GRD thresholds. The rate values apply at every level; order and GMV values are per level
 * ({@link LevelLimits}). {@code placeholder} is true while the seed's missing table is stood in for.
 */
public record GradingPolicy(List<String> categories, LocalDate onboardedBefore, int initialLevel, int minLevel,
                            int maxLevel, int cadenceDays, int clearanceDays, double fastUpgradeVolumeShare,
                            double fastUpgradeMinReviewRate, Rates upgrade, Rates downgrade, boolean placeholder) {

    /** Complaint rate (lower is better), product and service good-review rates (higher is better). */
    public record Rates(double complaintRate, double productGoodRate, double serviceGoodRate) {
    }
}
