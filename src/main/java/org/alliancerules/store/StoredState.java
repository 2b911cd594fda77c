package org.alliancerules.store;

import java.time.LocalDate;

import org.alliancerules.model.AllianceState;
import org.alliancerules.model.GradeState;

/** A merchant's state as the store keeps it: after {@code day}, written by run {@code runId}. */
public record StoredState(String merchantId, LocalDate day, long runId, AllianceState alliance, GradeState grade) {

    /** The grade as requests carry it: null for a merchant never graded. */
    public static GradeState normalise(GradeState grade) {
        if (grade == null || (grade.level() == null && grade.lastChangedOn() == null && grade.lv0Since() == null)) {
            return null;
        }
        return grade;
    }
}
