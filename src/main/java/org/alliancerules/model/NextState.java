package org.alliancerules.model;

/** The merchant's state after today's decisions; tomorrow's request takes it as alliance and grade. */
public record NextState(AllianceState alliance, GradeState grade) {
}
