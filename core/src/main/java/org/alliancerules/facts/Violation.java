package org.alliancerules.facts;

import java.time.LocalDate;

/** P2 (V3-ADM-1, V3-VIO-1): a violation of a shop: its day, kind and whether it is serious (null: not said). */
public record Violation(String merchantId, LocalDate on, String kind, Boolean serious) implements MerchantScoped {
}
