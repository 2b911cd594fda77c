package org.alliancerules.facts;

import java.time.LocalDate;

/** The grade the request gives for a merchant (level null: never graded). */
public record Grade(String merchantId, Integer level, LocalDate lastChangedOn, LocalDate lv0Since)
        implements MerchantScoped {
}
