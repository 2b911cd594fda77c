package org.alliancerules.model;

import java.time.LocalDate;

/** Alliance membership state: used both as input ("alliance") and as output ("next.alliance"). */
public record AllianceState(boolean member, LocalDate admittedOn, int closures, LocalDate closedOn) {

    /** The state of a merchant whose request carries no alliance block. */
    public static final AllianceState NONE = new AllianceState(false, null, 0, null);
}
