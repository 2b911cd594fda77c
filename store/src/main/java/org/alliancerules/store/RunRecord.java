package org.alliancerules.store;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

/**
 * One sweep of a day as the runs table keeps it.
 *
 * @param counts decisions per type, sorted by type
 */
public record RunRecord(long runId, LocalDate day, String status, String snapshotSha256, String snapshotNames,
                        String rulesSha256, String policyId, String policyVersion, String policySha256,
                        long merchants, long rejected, Instant startedAt, Instant finishedAt,
                        Map<String, Long> counts) {

    public static final String COMMITTED = "COMMITTED";
    public static final String REPLACED = "REPLACED";
    /**
     * A run being swept, inside its day's transaction, so no other connection sees it. Seen when no sweep is
     * running, it is one an earlier version's sweep left when its process died (that version wrote a day in many
     * small transactions): no reader looks at its rows, its id is not used again, and {@code store prune}
     * removes them (see {@link DayTransaction}).
     */
    public static final String RUNNING = "RUNNING";

}
