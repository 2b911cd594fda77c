package org.alliancerules.io;

import java.util.List;
import java.util.stream.Collectors;

/** An input that cannot be used: carries every problem found, and its message lists them one per line. */
public class InvalidInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

    public InvalidInputException(List<Problem> problems) {
        super(problems.stream().map(Problem::format).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    /** The problems, in reading order (by line, then pointer). */
    public List<Problem> problems() {
        return problems;
    }
}
