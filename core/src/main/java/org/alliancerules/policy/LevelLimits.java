package org.alliancerules.policy;

/**
 * One grade level's daily limits (GRD-6, GRD-8) and its volume indicators: average daily orders and
 * GMV must beat upgradeOrders/upgradeGmv to rise and fall below downgradeOrders/downgradeGmv to drop.
 */
public record LevelLimits(int level, long dailyOrderLimit, double dailyGmvLimit, double upgradeOrders,
                          double upgradeGmv, double downgradeOrders, double downgradeGmv) {
}
