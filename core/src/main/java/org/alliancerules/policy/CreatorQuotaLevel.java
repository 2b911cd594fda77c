package org.alliancerules.policy;

/** IMQ-4 (placeholder values): a creator at e-commerce level {@code level} last natural week may open {@code conversations} new conversations with merchants a week. */
public record CreatorQuotaLevel(int level, int conversations) {
}
