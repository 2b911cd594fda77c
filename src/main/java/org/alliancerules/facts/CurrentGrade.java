package org.alliancerules.facts;

import java.time.LocalDate;

/** The level an in-scope merchant holds at the start of the day (derived by the GRD-1/GRD-2 rules). */
public record CurrentGrade(String merchantId, int level, LocalDate lastChangedOn, LocalDate lv0Since)
        implements MerchantScoped {
}
