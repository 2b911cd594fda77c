package org.alliancerules.model;

import java.time.LocalDate;

/** One day's figures of a merchant ("daily" in the contract), for the fast upgrade (GRD-6). */
public record DailyFigures(LocalDate day, long orders, double gmv, double reviewRate, double productGoodRate,
                           double serviceGoodRate) {
}
