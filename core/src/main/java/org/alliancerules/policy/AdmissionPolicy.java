package org.alliancerules.policy;

import java.util.List;

/** ADM thresholds: minimum score, new-merchant grace period, penalty look-back and the rules it covers. */
public record AdmissionPolicy(double minScore, int newMerchantGraceDays, int penaltyLookbackDays,
                              List<String> penaltyRules) {
}
