package org.alliancerules.model;

import java.time.LocalDate;

/**
 * P2 (DSP-1): a commission dispute a creator appealed: the day of the appeal, the day the platform decided
 * responsibility (null: not yet), who was at fault (MERCHANT or CREATOR, null while undecided), the commission
 * at stake and the compensation the creator claims, in yuan.
 */
public record DisputeInput(String id, String orderId, String creatorId, LocalDate appealedOn, LocalDate decidedOn,
                           String atFault, Double commission, Double compensation) {
}
