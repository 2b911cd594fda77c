package org.alliancerules.facts;

import java.time.LocalDate;
import java.util.List;

/**
 * The level an in-scope merchant holds at the start of the day (derived by the GRD-1/GRD-2 rules),
 * with what it is assessed on: its 30-day metrics (null when the request has none) and its daily figures.
 */
public record CurrentGrade(String merchantId, int level, LocalDate lastChangedOn, LocalDate lv0Since,
                           Metrics metrics, List<DayStat> daily) implements MerchantScoped {

    /** Identity: one fact per merchant and day, never compared by content. */
    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
