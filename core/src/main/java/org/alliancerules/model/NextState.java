package org.alliancerules.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The merchant's state after today's decisions; tomorrow's request takes it as alliance and grade (and, in the
 * seed-003 profile, ladder: left out when there is none).
 */
public record NextState(AllianceState alliance, GradeState grade,
                        @JsonInclude(JsonInclude.Include.NON_NULL) LadderState ladder) {

    /** A next state without the violation ladder (every profile but the seed-003 one). */
    public NextState(AllianceState alliance, GradeState grade) {
        this(alliance, grade, null);
    }
}
