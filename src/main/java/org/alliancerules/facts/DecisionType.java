package org.alliancerules.facts;

/** Decision types of the interchange contract; names are fixed by the contract. */
public enum DecisionType {
    ADMITTED,
    ADMISSION_DENIED,
    ALLIANCE_WARNING,
    ALLIANCE_CLOSED,
    PROMOTIONS_UNBOUND,
    PERMANENTLY_BANNED,
    GRADE_UP,
    GRADE_DOWN,
    GRADE_FAST_UP,
    CLEARED_OUT,
    CONTACT_ALLOWED,
    CONTACT_REFUSED,
    SHOWCASE_ALLOWED,
    SHOWCASE_DENIED
}
