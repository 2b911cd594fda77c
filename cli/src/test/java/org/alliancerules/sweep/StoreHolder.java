package org.alliancerules.sweep;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

import org.alliancerules.store.DayTransaction;
import org.alliancerules.store.RunRecord;
import org.alliancerules.store.Store;

/**
 * A second process that holds a store open (tests start it in a child JVM): it opens the store given as its
 * argument, and with a second argument {@code write} begins a day (so it holds the store's write lock, as a sweep
 * does), prints "open" and keeps the store so until its standard input ends.
 */
public final class StoreHolder {

    private StoreHolder() {
    }

    public static void main(String[] args) throws IOException {
        try (Store store = Store.open(args[0], "", "")) {
            DayTransaction day = null;
            if (args.length > 1 && args[1].equals("write")) {
                String none = "0".repeat(64);
                day = DayTransaction.begin(store, LocalDate.of(2026, 1, 1), new RunRecord(0, LocalDate.of(2026, 1, 1),
                        RunRecord.RUNNING, none, "holder", none, "default", "held", none, 0, 0, Instant.EPOCH, null, Map.of()));
            }
            System.out.println("open " + store.url());
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold the store until the parent closes our standard input
            }
            if (day != null) {
                day.close(); // never committed
            }
        }
    }
}
