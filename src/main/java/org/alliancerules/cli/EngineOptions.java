package org.alliancerules.cli;

import java.nio.file.Path;

import org.alliancerules.engine.RulesEngine;
import picocli.CommandLine.Option;

/** --rules and --policy, shared by every command that runs the rules. */
public class EngineOptions {

    @Option(names = "--rules", paramLabel = "DIR",
            description = "Rules directory to compile (its *.drl and policy/*.yaml) instead of the copy packaged in the jar. "
                    + "Edit rules/ and pass --rules rules to see the change without rebuilding.")
    Path rulesDir;

    @Option(names = "--policy", paramLabel = "FILE",
            description = "Policy file (YAML) to use for every request, whatever profile the request names.")
    Path policyFile;

    @Option(names = "--threads", paramLabel = "N", description = "Evaluation threads (default: the number of cores).")
    Integer threads;

    public RulesEngine build() {
        RulesEngine.Builder b = RulesEngine.builder().rulesDirectory(rulesDir).policyFile(policyFile);
        if (threads != null) {
            b.threads(threads);
        }
        return b.build();
    }
}
