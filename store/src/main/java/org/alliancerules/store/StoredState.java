package org.alliancerules.store;

import java.time.LocalDate;

import org.alliancerules.model.AllianceState;
import org.alliancerules.model.GradeState;
import org.alliancerules.model.LadderState;

/**
 * A merchant's state as the store keeps it: after {@code day}, written by run {@code runId}; {@code ladder}: the
 * seed-003 profile's violation ladder (V3-VIO-1), null for a merchant without one.
 */
public record StoredState(String merchantId, LocalDate day, long runId, AllianceState alliance, GradeState grade,
                          LadderState ladder) {

    /** A state without a violation ladder (every profile but the seed-003 one). */
    public StoredState(String merchantId, LocalDate day, long runId, AllianceState alliance, GradeState grade) {
        this(merchantId, day, runId, alliance, grade, null);
    }

    /** The grade as requests carry it: null for a merchant never graded. */
    public static GradeState normalise(GradeState grade) {
        if (grade == null || (grade.level() == null && grade.lastChangedOn() == null && grade.lv0Since() == null)) {
            return null;
        }
        return grade;
    }
}
