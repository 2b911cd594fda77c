package org.alliancerules.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.alliancerules.cli.CommandRun;

/** Rules directories written for a test (the packaged policy and catalogue, one DRL file), and CLI runs on them. */
final class HostileRules {

    static final String HEADER = String.join("\n",
            "package org.alliancerules.rules;",
            "",
            "import org.alliancerules.facts.*;",
            "import org.alliancerules.policy.*;",
            "import function org.alliancerules.engine.RuleSupport.decide;",
            "");

    /** Lines before the body passed to {@link #directory}: line n of the body is line HEADER_LINES + n of the file. */
    static final int HEADER_LINES = 5;

    private HostileRules() {
    }

    /** DIR with policy/default.yaml, catalogue.yaml and {@code file} holding HEADER + body. */
    static Path directory(Path dir, String file, String body) throws IOException {
        Files.createDirectories(dir.resolve("policy"));
        Files.copy(Path.of("rules/policy/default.yaml"), dir.resolve("policy/default.yaml"));
        Files.copy(Path.of("rules/catalogue.yaml"), dir.resolve("catalogue.yaml"));
        if (file != null) {
            Path drl = dir.resolve(file);
            Files.createDirectories(drl.getParent());
            Files.writeString(drl, HEADER + body);
        }
        return dir;
    }

    static CommandRun run(String... args) {
        return CommandRun.of(args);
    }

    static CommandRun evaluate(Path rules, String... more) {
        String[] args = new String[3 + more.length];
        args[0] = "evaluate";
        args[1] = "examples/sample-request.json";
        args[2] = "--rules=" + rules;
        System.arraycopy(more, 0, args, 3, more.length);
        return run(args);
    }
}
