package org.alliancerules.model;

import java.time.LocalDate;

/** A penalty on a merchant: which rules it broke, when, and whether it is severe (ADM-5) or reaches clearance (CHK-2). */
public record PenaltyInput(String rule, LocalDate on, boolean severe, boolean clearance) {
}
