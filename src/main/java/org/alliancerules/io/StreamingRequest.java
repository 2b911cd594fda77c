package org.alliancerules.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.alliancerules.model.ControllerPenalties;
import org.alliancerules.model.EvaluationRequest;
import org.alliancerules.model.MerchantInput;

/**
 * A JSON request file read merchant by merchant, for populations too big to hold at once. Opening it
 * validates the whole file first (every problem, as {@link RequestReader} would, located at the line
 * of the value when known or else of the merchant it is in) and indexes the severe penalties by
 * controller (ADM-5); then {@link #forEachBatch} reads the merchants again in batches. Memory: one
 * merchant's tree at a time, the merchant ids, and the severe penalties of controlled shops.
 */
public final class StreamingRequest {

    private static final ObjectMapper TREES = new ObjectMapper(JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

    private final Path file;
    private final RequestReader reader;
    private final ObjectNode header;
    private final LocalDate asOf;
    private final String policy;
    private final ControllerPenalties severeByController;
    private final int merchants;

    private StreamingRequest(Path file, RequestReader reader, ObjectNode header, LocalDate asOf, String policy,
                             ControllerPenalties severeByController, int merchants) {
        this.file = file;
        this.reader = reader;
        this.header = header;
        this.asOf = asOf;
        this.policy = policy;
        this.severeByController = severeByController;
        this.merchants = merchants;
    }

    public LocalDate asOf() {
        return asOf;
    }

    public String policy() {
        return policy;
    }

    public int merchantCount() {
        return merchants;
    }

    /** Severe penalties of controlled shops, by controller id. */
    public ControllerPenalties severeByController() {
        return severeByController;
    }

    /**
     * Validates the file and indexes it.
     *
     * @throws InvalidInputException listing every problem, when the file is not a valid request
     */
    public static StreamingRequest open(Path file, RequestReader reader) throws IOException {
        String source = file.toString();
        // pass 0: everything but the merchants (asOf may follow them)
        ObjectNode header = TREES.createObjectNode();
        try (JsonParser p = TREES.getFactory().createParser(file.toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidInputException(List.of(new Problem(source, "", 1, 1, "malformed input: a request is a JSON object")));
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if ("merchants".equals(name) && p.currentToken() == JsonToken.START_ARRAY) {
                    p.skipChildren();
                    header.set(name, TREES.createArrayNode());
                } else {
                    header.set(name, TREES.readTree(p));
                }
            }
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(List.of(located(source, e)));
        }
        List<Problem> problems = new ArrayList<>(reader.validate(header, source, LineIndex.NONE));
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        EvaluationRequest head = reader.bind(header);

        // pass 1: validate each merchant inside a one-merchant request, index severe penalties
        ControllerPenalties severe = new ControllerPenalties();
        Set<String> ids = new HashSet<>();
        int[] count = {0};
        each(file, source, (index, node, at) -> {
            ObjectNode one = header.deepCopy();
            ((ArrayNode) one.get("merchants")).add(node);
            String prefix = "/merchants/" + index;
            for (Problem q : reader.validate(one, source, LineIndex.NONE)) {
                if (q.pointer().startsWith("/merchants/0")) {
                    problems.add(new Problem(source, prefix + q.pointer().substring("/merchants/0".length()),
                            at.getLineNr(), at.getColumnNr(), q.message()));
                }
            }
            JsonNode id = node.get("id");
            if (id != null && id.isTextual() && !ids.add(id.asText())) {
                problems.add(new Problem(source, prefix + "/id", at.getLineNr(), at.getColumnNr(),
                        "duplicate merchant id \"" + id.asText() + "\""));
            }
            if (problems.isEmpty()) {
                severe.add(bindOne(reader, header, node));
            }
            count[0]++;
        });
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return new StreamingRequest(file, reader, header, head.asOf(), head.policy(), severe, count[0]);
    }

    /** Pass 2: the merchants, in file order, {@code size} at a time. */
    @SuppressWarnings("unchecked")
    public void forEachBatch(int size, Consumer<List<MerchantInput>> batches) throws IOException {
        List<MerchantInput>[] batch = new List[]{new ArrayList<>(size)};
        each(file, file.toString(), (index, node, at) -> {
            batch[0].add(bindOne(reader, header, node));
            if (batch[0].size() >= size) {
                batches.accept(batch[0]);
                batch[0] = new ArrayList<>(size);
            }
        });
        if (!batch[0].isEmpty()) {
            batches.accept(batch[0]);
        }
    }

    private static MerchantInput bindOne(RequestReader reader, ObjectNode header, JsonNode node) {
        ObjectNode one = header.deepCopy();
        ((ArrayNode) one.get("merchants")).add(node);
        return reader.bind(one).merchants().get(0);
    }

    private interface MerchantVisitor {
        void visit(int index, JsonNode merchant, JsonLocation at);
    }

    private static void each(Path file, String source, MerchantVisitor visitor) throws IOException {
        try (JsonParser p = TREES.getFactory().createParser(file.toFile())) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (!"merchants".equals(name) || p.currentToken() != JsonToken.START_ARRAY) {
                    p.skipChildren();
                    continue;
                }
                int index = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    JsonLocation at = p.currentTokenLocation();
                    JsonNode node = TREES.readTree(p);
                    visitor.visit(index++, node, at);
                }
            }
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(List.of(located(source, e)));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static Problem located(String source, JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        return new Problem(source, "", at == null ? 0 : Math.max(0, at.getLineNr()),
                at == null ? 0 : Math.max(0, at.getColumnNr()), "malformed input: " + e.getOriginalMessage());
    }
}
