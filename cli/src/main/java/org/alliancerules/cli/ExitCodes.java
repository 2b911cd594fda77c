package org.alliancerules.cli;

/** The command line's exit codes. */
public final class ExitCodes {
    /** Everything went as asked. */
    public static final int OK = 0;
    /** A check failed (a fixture case, a coverage minimum). */
    public static final int FAILED = 1;
    /** Bad input: a request, fixture or policy that does not validate; nothing was written. */
    public static final int BAD_INPUT = 2;
    /** The rules do not compile, or are refused (they use what rules may not, lack a @clause, ...). */
    public static final int RULES_BROKEN = 3;
    /** The store cannot be used (unreachable, wrong credentials, locked, failed while writing); nothing was written. */
    public static final int STORE_UNAVAILABLE = 4;

    /**
     * The rules were stopped while evaluating: a rule fired more than --max-firings times for a merchant, a
     * batch ran longer than --batch-timeout, or a consequence threw; nothing was written.
     */
    public static final int RUNAWAY = 5;

    private ExitCodes() {
    }
}
