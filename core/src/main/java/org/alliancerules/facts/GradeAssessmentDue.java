package org.alliancerules.facts;

/** Marks that the 30-day cadence (GRD-5) lets a merchant be assessed today. */
public record GradeAssessmentDue(String merchantId) implements MerchantScoped {
}
