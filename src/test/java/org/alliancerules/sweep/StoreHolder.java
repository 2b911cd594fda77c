package org.alliancerules.sweep;

import java.io.IOException;

import org.alliancerules.store.Store;

/**
 * A second process that holds a store open (tests start it in a child JVM): it opens the store given as its
 * argument, prints "open" and keeps the store open until its standard input ends.
 */
public final class StoreHolder {

    private StoreHolder() {
    }

    public static void main(String[] args) throws IOException {
        try (Store store = Store.open(args[0], "", "")) {
            System.out.println("open " + store.url());
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold the store until the parent closes our standard input
            }
        }
    }
}
