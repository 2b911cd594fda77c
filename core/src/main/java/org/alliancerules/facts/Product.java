package org.alliancerules.facts;

import java.time.LocalDate;

/** P2 (PRD-1, PRD-3..6): a product of a shop; nullable fields were not given. Rates are fractions, prices yuan. */
public record Product(String merchantId, String id, String category, Double commissionRate, Double ctr,
                      Double conversionRate, Double unitPrice, Double categoryAverageUnitPrice, Double stock,
                      Double dailySales, Integer mainImageWidth, Integer mainImageHeight, Integer sceneImages,
                      LocalDate listedOn) implements MerchantScoped {
}
