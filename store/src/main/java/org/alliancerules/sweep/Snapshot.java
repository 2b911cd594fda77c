package org.alliancerules.sweep;

import java.io.IOException;

/**
 * A day's merchant facts, read row by row (a CSV or JSON Lines file, or merchants given in memory).
 * Every {@link #open} reads the rows again from the start, so a sweep can read a snapshot twice
 * (validate, then evaluate) without holding it.
 */
public interface Snapshot {

    /** The name problems and the run record show. */
    String name();

    /** Reads the rows from the start. */
    Rows open() throws IOException;

    /**
     * Reads the rows from the start for a scan that needs only each row's {@code id}, {@code controllerId}
     * and, for a controlled shop, its {@code penalties} (other fields may be left out); the same rows,
     * lines and digest as {@link #open}.
     */
    default Rows scan() throws IOException {
        return open();
    }

    /** An open reading of a snapshot. */
    interface Rows extends AutoCloseable {
        /** The next row, or null at the end. */
        SnapshotRow next() throws IOException;

        /** SHA-256 of everything read so far (of the whole snapshot once {@link #next} returned null). */
        byte[] digest();

        @Override
        void close() throws IOException;
    }
}
