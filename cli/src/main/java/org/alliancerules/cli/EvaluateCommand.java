package org.alliancerules.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.io.OutputStream;
import java.io.BufferedOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.concurrent.Callable;

import org.alliancerules.model.ControllerPenalties;
import org.alliancerules.engine.PartPipeline;
import org.alliancerules.engine.RulesEngine;
import org.alliancerules.engine.UnknownPolicyException;
import org.alliancerules.policy.Policy;
import org.alliancerules.io.Json;
import org.alliancerules.io.InvalidInputException;
import org.alliancerules.io.Problem;
import org.alliancerules.io.RequestReader;
import org.alliancerules.io.StreamingRequest;
import org.alliancerules.model.MerchantResult;
import org.alliancerules.model.ShopPenalty;
import org.alliancerules.model.EvaluationRequest;
import org.alliancerules.model.EvaluationResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
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

    /** JSON request files at least this big are streamed without being asked. */
    static final long STREAM_FROM_BYTES = 64L << 20;

    @Option(names = "--stream",
            description = {"Read a JSON request file merchant by merchant and write results as they are made, for "
                    + "populations too big for memory. The file is read three times: validated whole first (nothing "
                    + "is written if it is invalid; problems are located at their merchant), then evaluated in "
                    + "batches; ADM-5 still sees every shop of a controller. The output is the same, byte for byte. "
                    + "JSON files of 64 MiB or more are always streamed."})
    boolean stream;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "2000", converter = OptionValues.AtLeastOne.class,
            description = "With --stream: merchants evaluated per session (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Override
    public Integer call() throws IOException {
        if (stream || (!"-".equals(file) && !RequestReader.isYaml(file)
                && java.nio.file.Files.isRegularFile(Path.of(file))
                && java.nio.file.Files.size(Path.of(file)) >= STREAM_FROM_BYTES)) {
            return stream();
        }
        RequestReader reader = new RequestReader();
        EvaluationRequest request = "-".equals(file)
                ? reader.read("<stdin>", System.in.readAllBytes())
                : reader.read(Path.of(file));
        RulesEngine engine = engineOptions.build();
        policyOf(engine, request, file);
        EvaluationResult result = engine.evaluateUnchecked(request); // the reader checked it
        byte[] bytes = Json.jsonMapper().writeValueAsBytes(result);
        OutputStream out = Main.results();
        out.write(bytes);
        out.write('\n');
        out.flush();
        return ExitCodes.OK;
    }

    /**
     * The request's policy; an unknown profile is bad input located at the request's {@code policy} value
     * (found by a streaming scan of the top level, so it costs nothing for a big file).
     */
    static Policy policyOf(RulesEngine engine, EvaluationRequest request, String file) throws IOException {
        try {
            return engine.policyFor(request);
        } catch (UnknownPolicyException unknown) {
            String message = unknown.getMessage().replaceFirst("^/policy: ", "");
            int[] at = "-".equals(file) ? new int[] {0, 0} : topLevelValue(Path.of(file), "policy");
            throw new InvalidInputException(List.of(new Problem(RequestReader.displayName(file), "/policy", at[0], at[1], message)));
        }
    }

    /** {line, column} of a top-level property's value in a JSON or YAML file; {0, 0} when it is not there. */
    private static int[] topLevelValue(Path file, String name) throws IOException {
        ObjectMapper mapper = RequestReader.isYaml(file.toString()) ? Json.yamlMapper() : Json.jsonMapper();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             JsonParser p = mapper.getFactory().createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return new int[] {0, 0};
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (field.equals(name)) {
                    JsonLocation at = p.currentTokenLocation();
                    return new int[] {at.getLineNr(), at.getColumnNr()};
                }
                p.skipChildren();
            }
        }
        return new int[] {0, 0};
    }

    private int stream() throws IOException {
        if ("-".equals(file) || RequestReader.isYaml(file)) {
            throw new InvalidInputException(List.of(new Problem(RequestReader.displayName(file), "", 0, 0,
                    "--stream reads a JSON request file (not standard input, not YAML)")));
        }
        StreamingRequest request = StreamingRequest.open(Path.of(file), new RequestReader());
        RulesEngine engine = engineOptions.build();
        String label = policyOf(engine, new EvaluationRequest(request.asOf(), request.policy(), List.of()), file).label();
        ObjectMapper mapper = Json.jsonMapper();
        // The result goes to a temporary file first and reaches stdout only whole: rules stopped half-way
        // (exit 5) leave nothing on stdout, as every other failure does.
        Path spool = Files.createTempFile("alliance-rules-result", ".json");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(spool), 1 << 16)) {
                writeStreamed(request, engine, label, mapper, out);
            }
            Files.copy(spool, Main.results());
            Main.results().flush();
        } finally {
            Files.deleteIfExists(spool);
        }
        return ExitCodes.OK;
    }

    private void writeStreamed(StreamingRequest request, RulesEngine engine, String label, ObjectMapper mapper,
                               OutputStream out) throws IOException {
        JsonGenerator gen = mapper.getFactory().createGenerator(out);
        gen.setPrettyPrinter(((DefaultPrettyPrinter) mapper.getSerializationConfig().getDefaultPrettyPrinter()).createInstance());
        gen.writeStartObject();
        gen.writeFieldName("asOf");
        mapper.writeValue(gen, request.asOf());
        gen.writeStringField("policy", label);
        gen.writeArrayFieldStart("results");
        ControllerPenalties severe = request.severeByController();
        // Batches are evaluated on the engine's threads while the file is read on this one; results
        // are written in file order, with at most threads + 1 batches in flight.
        int threads = engineOptions.threads == null ? Runtime.getRuntime().availableProcessors() : Math.max(1, engineOptions.threads);
        try (PartPipeline<List<MerchantResult>> pipeline = new PartPipeline<>("evaluate-stream", threads,
                results -> write(mapper, gen, results))) {
            request.forEachBatch(batchSize, batch -> {
                List<ShopPenalty> outside = severe.outside(batch);
                pipeline.submit(() -> engine.evaluatePart(request.asOf(), request.policy(), batch, outside));
            });
            pipeline.finish();
        }
        gen.writeEndArray();
        gen.writeEndObject();
        gen.flush();
        out.write('\n');
        out.flush();
    }

    private static void write(ObjectMapper mapper, JsonGenerator gen, List<MerchantResult> batch) throws IOException {
        for (MerchantResult r : batch) {
            mapper.writeValue(gen, r);
        }
    }
}
