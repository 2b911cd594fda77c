package org.alliancerules.sweep;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.alliancerules.model.AllianceState;
import org.alliancerules.model.DecisionView;
import org.alliancerules.model.NextState;
import org.alliancerules.store.DayTransaction;
import org.alliancerules.store.RunRecord;
import org.alliancerules.store.Store;

/**
 * A sweep that dies (for the crash-recovery test, in a child JVM): begins a day in the store at {@code args[0]},
 * writes decisions and states for merchants m-0 .. m-(n-1) and sends them to the database in batches, waits a
 * moment so SQLite spills pages of the open transaction to its write-ahead log, prints "died in run N" and halts
 * the JVM at once (no finally, no shutdown hook, no close), as kill -9 would.
 */
public final class HalfSweep {

    private HalfSweep() {
    }

    public static void main(String[] args) {
        Store store = Store.open(args[0], "", "");
        LocalDate day = LocalDate.parse(args[1]);
        int n = Integer.parseInt(args[2]);
        String none = "0".repeat(64);
        RunRecord run = new RunRecord(0, day, RunRecord.RUNNING, none, "half-sweep", none, "default", "dead", none,
                0, 0, Instant.EPOCH, null, Map.of());
        DayTransaction tx = DayTransaction.begin(store, day, run);
        NextState member = new NextState(new AllianceState(true, day, 0, null), null);
        List<DecisionView> warned = List.of(new DecisionView("ALLIANCE_WARNING", "CHK-1", "a dead sweep's rule", "dead", null));
        for (int i = 0; i < n; i++) {
            tx.write("m-" + i, warned, null, member);
            if (i % 1_000 == 999) {
                tx.flush(); // sent to the database, inside the day's transaction
            }
        }
        tx.flush();
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.out.println("died in run " + tx.runId());
        System.out.flush();
        Runtime.getRuntime().halt(137);
    }
}
