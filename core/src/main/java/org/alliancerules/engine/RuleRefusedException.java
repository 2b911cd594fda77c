package org.alliancerules.engine;

import java.util.List;

/**
 * The rules compile but are refused before they are used: they call something rules may not use (the
 * allow-list checked on their bytecode), lack a {@code @clause}, compare text with numbers, or the rules
 * directory has no DRL or no policy. Every problem is located; the command line exits 3.
 */
public class RuleRefusedException extends RuleCompilationException {

    public RuleRefusedException(List<RuleError> errors) {
        super(errors);
    }
}
