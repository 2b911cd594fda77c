package org.alliancerules.cli;

import java.nio.file.Path;
import java.time.Duration;

import org.alliancerules.engine.RulesEngine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** --rules, --policy, --threads and the runaway limits, shared by every command that runs the rules. */
public class EngineOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--rules", paramLabel = "DIR",
            description = "Rules directory to compile (its *.drl, in sub-folders too, and policy/*.yaml) instead of the "
                    + "copy packaged in the jar. Edit rules/ and pass --rules rules to see the change without rebuilding.")
    Path rulesDir;

    @Option(names = "--policy", paramLabel = "FILE",
            description = "Policy file (YAML) to use for every request, whatever profile the request names.")
    Path policyFile;

    @Option(names = "--policy-profile", paramLabel = "NAME",
            description = "Policy profile to evaluate every request under (its version in force on the request's asOf), "
                    + "whatever profile the request names (default: the request's own, or default).")
    String policyProfile;

    Integer threads;

    Integer maxFirings;

    Integer batchTimeoutSeconds;

    @Option(names = "--threads", paramLabel = "N", description = "Evaluation threads, at least 1 (default: the number of cores).")
    void setThreads(int n) {
        if (n < 1) {
            throw new ParameterException(spec.commandLine(), "--threads must be at least 1, not " + n);
        }
        threads = n;
    }

    @Option(names = "--max-firings", paramLabel = "N",
            description = "Rule firings allowed per merchant before the evaluation is stopped as runaway (exit 5), "
                    + "at least 1 (default: " + RulesEngine.DEFAULT_MAX_FIRINGS + ").")
    void setMaxFirings(int n) {
        if (n < 1) {
            throw new ParameterException(spec.commandLine(), "--max-firings must be at least 1, not " + n);
        }
        maxFirings = n;
    }

    @Option(names = "--batch-timeout", paramLabel = "SECONDS",
            description = "Wall time one batch of merchants may take before the evaluation is stopped (exit 5), "
                    + "at least 1 second (default: 60).")
    void setBatchTimeout(int seconds) {
        if (seconds < 1) {
            throw new ParameterException(spec.commandLine(), "--batch-timeout must be at least 1 second, not " + seconds);
        }
        batchTimeoutSeconds = seconds;
    }

    public RulesEngine build() {
        RulesEngine.Builder b = RulesEngine.builder().rulesDirectory(rulesDir).policyFile(policyFile)
                .policyProfile(policyProfile);
        if (threads != null) {
            b.threads(threads);
        }
        if (maxFirings != null) {
            b.maxFiringsPerMerchant(maxFirings);
        }
        if (batchTimeoutSeconds != null) {
            b.batchTimeout(Duration.ofSeconds(batchTimeoutSeconds));
        }
        try {
            return b.build();
        } catch (org.alliancerules.engine.UnknownPolicyException unknown) {
            throw new ParameterException(spec.commandLine(), unknown.getMessage().replaceFirst("^/policy: ", "--policy-profile: "));
        }
    }
}
