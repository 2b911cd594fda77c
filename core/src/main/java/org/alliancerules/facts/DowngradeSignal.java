package org.alliancerules.facts;

/** One indicator that is worse than its downgrade value (GRD-4), with the values compared. */
public record DowngradeSignal(String merchantId, String indicator, String comparison) implements MerchantScoped {
}
