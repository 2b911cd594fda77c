package org.alliancerules.facts;

import java.time.LocalDate;

/** One day's trading figures of a merchant, used by the fast upgrade (GRD-6). */
public record DayStat(String merchantId, LocalDate day, long orders, double gmv, double reviewRate,
                      double productGoodRate, double serviceGoodRate) implements MerchantScoped {
}
