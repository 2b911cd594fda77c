package org.alliancerules.model;

import java.time.LocalDate;

/**
 * P2 (seed 003): one violation of the platform's rules by a shop (虚假宣传, 佣金拖欠, 商品质量问题, ...): the day it
 * was recorded, its kind (an upper-case code) and whether it is serious (V3-ADM-1). Every violation counts on
 * the violation ladder (V3-VIO-1) once: those dated after {@code ladder.countedThrough}.
 */
public record ViolationInput(LocalDate on, String kind, Boolean serious) {
}
