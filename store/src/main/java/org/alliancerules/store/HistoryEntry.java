package org.alliancerules.store;

import java.time.LocalDate;
import java.util.List;

import org.alliancerules.model.DecisionView;

/**
 * One day of a merchant's road: the decisions of that day's committed sweep and the state after it.
 *
 * @param firstSeen the merchant's first day in the store (its state came from that day's snapshot)
 * @param state     the merchant's state after the day (its latest state row on or before the day)
 */
public record HistoryEntry(LocalDate day, String policy, List<DecisionView> decisions, StoredState state,
                           boolean firstSeen, boolean stateChanged) {
}
