package org.alliancerules.policy;

import java.util.ArrayList;
import java.util.List;

import org.alliancerules.facts.MerchantTier;

/**
 * IMQ numbers (seed 004): the time zone of natural weeks (IMQ-8), the fixed weekly caps of institutions and
 * team leaders (IMQ-5), and the quota tables the seed does not give (placeholders: {@code placeholder} true):
 * merchant tiers by last week's GMV (IMQ-2/3, listed by ascending {@code fromGmv}, the first from 0) and creator
 * quotas by level (IMQ-4, LV0..LV7). The engine hands this to the rules as the global {@code contactQuota} and
 * inserts {@link #facts()}.
 */
public record ContactQuotaPolicy(String timeZone, int institutionToCreator, int teamLeaderToCreator,
                                 int teamLeaderToMerchant, boolean placeholder, List<MerchantQuotaTier> merchantTiers,
                                 List<CreatorQuotaLevel> creatorLevels) {

    public ContactQuotaPolicy {
        merchantTiers = merchantTiers == null ? List.of() : List.copyOf(merchantTiers);
        creatorLevels = creatorLevels == null ? List.of() : List.copyOf(creatorLevels);
    }

    /**
     * The facts the rules join on: each merchant tier with where it ends (the next tier's {@code fromGmv};
     * none for the last), and the creator levels.
     */
    public List<Object> facts() {
        List<Object> facts = new ArrayList<>(merchantTiers.size() + creatorLevels.size());
        for (int i = 0; i < merchantTiers.size(); i++) {
            MerchantQuotaTier t = merchantTiers.get(i);
            Double below = i + 1 < merchantTiers.size() ? merchantTiers.get(i + 1).fromGmv() : null;
            facts.add(new MerchantTier(t.fromGmv(), below, t.conversations(), t.contactViews()));
        }
        facts.addAll(creatorLevels);
        return facts;
    }
}
