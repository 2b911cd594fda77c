package org.alliancerules.model;

import java.time.LocalDate;

/**
 * P2 (PRD-1, PRD-3..6): one product of the shop. Rates are fractions (0.1 is 10%), prices in yuan, stock and
 * daily sales in units, image sizes in pixels; {@code listedOn}: the day it was listed (new products, PRD-6).
 */
public record ProductInput(String id, String category, Double commissionRate, Double ctr, Double conversionRate,
                           Double unitPrice, Double categoryAverageUnitPrice, Double stock, Double dailySales,
                           Integer mainImageWidth, Integer mainImageHeight, Integer sceneImages, LocalDate listedOn) {
}
