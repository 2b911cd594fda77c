package org.alliancerules.policy;

/** SHW-1 numbers (seed 000): followers and published works a creator needs, and the deposit (yuan) it must have paid. */
public record ShowcasePolicy(long minFollowers, long minPublishedWorks, double deposit) {
}
