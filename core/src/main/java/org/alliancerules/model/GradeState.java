package org.alliancerules.model;

import java.time.LocalDate;

/** Grade state: input ("grade") and output ("next.grade"). level null: never graded. */
public record GradeState(Integer level, LocalDate lastChangedOn, LocalDate lv0Since) {
}
