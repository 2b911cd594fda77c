package org.alliancerules.facts;

/** A working-memory fact that belongs to one merchant; used to attribute fired rules to merchants. */
public interface MerchantScoped {
    String merchantId();
}
