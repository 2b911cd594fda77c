package org.alliancerules.store;

/**
 * The store cannot be used: the database is unreachable, refuses the credentials, is locked by another
 * process, or fails while a day is written (then nothing of the day was committed). The message is one
 * sentence for a person; the command line exits with 4.
 */
public class StoreUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
