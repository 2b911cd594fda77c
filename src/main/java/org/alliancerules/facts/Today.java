package org.alliancerules.facts;

import java.time.LocalDate;

/** The evaluation day ("as of"); rules never read the system clock. */
public record Today(LocalDate asOf) {
}
