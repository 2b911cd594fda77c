package org.alliancerules.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.alliancerules.engine.RulesEngine;
import org.alliancerules.io.Json;
import org.alliancerules.io.RequestReader;
import org.alliancerules.model.EvaluationRequest;
import org.alliancerules.model.EvaluationResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** evaluate [FILE|-]: validates a request, runs the rules, prints the result JSON. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Evaluates an evaluation request (JSON, or YAML by .yaml/.yml) and prints the result JSON.",
                "The request is validated against the published schema first: every problem is reported with its "
                        + "location on stderr, exit 2, and nothing is printed on stdout."})
public class EvaluateCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE|-", defaultValue = "-",
            description = "Request file, or - for standard input (default).")
    String file;

    @Mixin
    EngineOptions engineOptions;

    @Override
    public Integer call() throws IOException {
        RequestReader reader = new RequestReader();
        EvaluationRequest request = "-".equals(file)
                ? reader.read("<stdin>", System.in.readAllBytes())
                : reader.read(Path.of(file));
        RulesEngine engine = engineOptions.build();
        EvaluationResult result = engine.evaluate(request);
        byte[] bytes = Json.jsonMapper().writeValueAsBytes(result);
        OutputStream out = System.out;
        out.write(bytes);
        out.write('\n');
        out.flush();
        return ExitCodes.OK;
    }
}
