package org.alliancerules.facts;

import java.time.LocalDate;

/** The grade after today's decisions for an in-scope merchant. */
public record NextGrade(String merchantId, int level, LocalDate lastChangedOn, LocalDate lv0Since)
        implements MerchantScoped {
}
