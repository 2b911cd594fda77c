package org.alliancerules.engine;

import java.util.List;
import java.util.stream.Collectors;

/** The rules do not compile; every error is located. */
public class RuleCompilationException extends RuntimeException {

    private final List<RuleError> errors;

    public RuleCompilationException(List<RuleError> errors) {
        super(errors.stream().map(RuleError::format).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    public List<RuleError> errors() {
        return errors;
    }
}
