package org.alliancerules.facts;

import java.time.LocalDate;

/**
 * P2 (V3-VIO-1): the violation ladder after today's new violations: the count before today and after it, the
 * day counted through (today), and the traffic limit and closure ends (exclusive) and removal the steps set;
 * {@code stepped}: a step of the ladder was applied to it (it is not stepped again).
 */
public record NextLadder(String merchantId, int before, int violations, LocalDate countedThrough,
                         LocalDate trafficLimitedUntil, LocalDate closedUntil, boolean removed,
                         boolean stepped) implements MerchantScoped {
}
