package org.alliancerules.policy;

/** CHK thresholds: a member scoring below warningBelow is warned, below closureBelow closed. */
public record CheckPolicy(double warningBelow, double closureBelow) {
}
