package org.alliancerules.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.alliancerules.model.ControllerPenalties;
import org.alliancerules.model.EvaluationRequest;
import org.alliancerules.model.MerchantInput;

/**
 * A JSON request file read merchant by merchant, for populations too big to hold at once. Opening it
 * validates the whole file first, exactly as {@link RequestReader} does a file in memory: the same
 * parser (duplicate keys, trailing content after the request object and parser limits refused), the same
 * schema and checks (finite numbers, bounds, unique ids, dates not after asOf, ...), the same problems
 * at the same lines and columns, in the same order. It also indexes the severe penalties by controller
 * (ADM-5); then {@link #forEachBatch} reads the merchants again in batches. Memory: one merchant's tree
 * at a time, the merchant ids, and the severe penalties of controlled shops; when the file has problems,
 * a further pass locates them (positions of the faulty merchants only).
 */
public final class StreamingRequest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String FIRST = "/merchants/0";
    /** The P1 sections of a request, which the streamed path does not read. */
    private static final List<String> P1_SECTIONS = List.of("creators", "institutions", "teamLeaders", "conversations",
            "weekUsage", "contactRequests");

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

    /** A problem of one merchant, to be located once the file has been read: pointer relative to the merchant. */
    private record Deferred(int index, String pointer, String message, int firstIndex, String id) {
    }

    /**
     * Validates the file and indexes it.
     *
     * @throws InvalidInputException listing every problem, when the file is not a valid request (or
     *                               cannot be read: the problem names the file)
     */
    public static StreamingRequest open(Path file, RequestReader reader) throws IOException {
        String source = file.toString();
        // pass 0: everything but the merchants (asOf may follow them), with positions; one value in the file
        ObjectNode header = NODES.objectNode();
        Map<String, int[]> headerPositions = new HashMap<>();
        try (JsonParser p = parser(file)) {
            try {
                JsonToken first = p.nextToken();
                if (first == null) {
                    throw new InvalidInputException(List.of(new Problem(source, "", 1, 1, "the document is empty")));
                }
                if (first != JsonToken.START_OBJECT) {
                    // not a request: the checks say so as they would in memory
                    JsonNode root = TreeParser.value(p, "", headerPositions);
                    TreeParser.expectEnd(source, p);
                    throw new InvalidInputException(reader.validate(root, source, LineIndex.of(headerPositions)));
                }
                headerPositions.put("", new int[] {p.currentTokenLocation().getLineNr(), p.currentTokenLocation().getColumnNr()});
                // as TreeParser.value reads an object, with the merchants skipped
                Set<String> names = new HashSet<>();
                while (true) {
                    JsonToken t;
                    try {
                        t = p.nextToken();
                    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                        throw new InvalidInputException(List.of(TreeParser.problem(source, p, e, false)));
                    }
                    if (t != JsonToken.FIELD_NAME) {
                        break;
                    }
                    String name = p.currentName();
                    String pointer = "/" + LineIndex.escape(name);
                    if (!names.add(name)) {
                        throw new InvalidInputException(List.of(
                                TreeParser.duplicate(name, p.currentTokenLocation(), p).problem(source, pointer)));
                    }
                    try {
                        p.nextToken();
                        if ("merchants".equals(name) && p.currentToken() == JsonToken.START_ARRAY) {
                            headerPositions.put(pointer, new int[] {p.currentTokenLocation().getLineNr(),
                                    p.currentTokenLocation().getColumnNr()});
                            try {
                                p.skipChildren();
                            } catch (IOException e) {
                                // malformed inside the merchants: reading them says where, with the pointer
                                each(file, source, (index, node) -> { });
                                throw e;
                            }
                            header.set(name, NODES.arrayNode());
                        } else {
                            header.set(name, TreeParser.value(p, pointer, headerPositions));
                        }
                    } catch (TreeParser.Located located) {
                        throw new InvalidInputException(List.of(located.problem(source, pointer)));
                    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                        throw new InvalidInputException(List.of(TreeParser.problem(source, p, e, false)).stream()
                                .map(q -> new Problem(q.source(), q.message().startsWith("the document nests") ? "" : pointer,
                                        q.line(), q.column(), q.message())).toList());
                    }
                }
                TreeParser.expectEnd(source, p);
            } catch (IOException | RuntimeException e) {
                throw asProblem(source, p, e);
            }
        }
        for (String section : P1_SECTIONS) {
            JsonNode value = header.get(section);
            if (value != null && value.isArray() && !value.isEmpty()) {
                int[] at = LineIndex.of(headerPositions).locate("/" + section);
                throw new InvalidInputException(List.of(new Problem(source, "/" + section, at[0], at[1],
                        "the streamed path (--stream, and any JSON file of 64 MiB or more) reads merchants only: "
                                + "decide contact requests and creators (P1) in a request of their own, without --stream")));
            }
        }
        List<Problem> problems = new ArrayList<>(reader.validate(header, source, LineIndex.of(headerPositions)));

        // pass 1: validate each merchant inside a one-merchant request, index severe penalties
        ControllerPenalties severe = new ControllerPenalties();
        Map<String, Integer> firstById = new HashMap<>();
        List<Deferred> deferred = new ArrayList<>();
        int[] count = {0};
        each(file, source, (index, node) -> {
            ObjectNode one = header.deepCopy();
            ((ArrayNode) one.get("merchants")).add(node);
            boolean bad = false;
            for (Problem q : reader.validate(one, source, LineIndex.NONE)) {
                if (q.pointer().startsWith(FIRST)) {
                    deferred.add(new Deferred(index, q.pointer().substring(FIRST.length()), q.message(), -1, null));
                    bad = true;
                }
            }
            JsonNode id = node.get("id");
            if (id != null && id.isTextual() && !id.asText().isEmpty()) {
                Integer firstIndex = firstById.putIfAbsent(id.asText(), index);
                if (firstIndex != null) {
                    deferred.add(new Deferred(index, "/id", null, firstIndex, id.asText()));
                    bad = true;
                }
            }
            if (!bad && deferred.isEmpty() && problems.isEmpty()) {
                severe.add(bindOne(reader, header, node));
            }
            count[0]++;
        });
        if (!deferred.isEmpty()) {
            problems.addAll(locate(file, source, deferred));
        }
        if (!problems.isEmpty()) {
            problems.sort(RequestReader.READING_ORDER);
            throw new InvalidInputException(problems);
        }
        EvaluationRequest head = reader.bind(header);
        return new StreamingRequest(file, reader, header, head.asOf(), head.policy(), severe, count[0]);
    }

    /** The deferred problems at the lines and columns of their values (a pass over the faulty merchants). */
    private static List<Problem> locate(Path file, String source, List<Deferred> deferred) throws IOException {
        Set<Integer> wanted = new HashSet<>();
        for (Deferred d : deferred) {
            wanted.add(d.index());
            if (d.firstIndex() >= 0) {
                wanted.add(d.firstIndex());
            }
        }
        Map<String, int[]> positions = new HashMap<>();
        try (JsonParser p = parser(file)) {
            try {
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
                        if (wanted.contains(index)) {
                            TreeParser.value(p, "/merchants/" + index, positions);
                        } else {
                            p.skipChildren();
                        }
                        index++;
                    }
                }
            } catch (IOException | RuntimeException e) {
                throw asProblem(source, p, e);
            }
        }
        LineIndex lines = LineIndex.of(positions);
        List<Problem> problems = new ArrayList<>(deferred.size());
        for (Deferred d : deferred) {
            String pointer = "/merchants/" + d.index() + d.pointer();
            String message = d.message();
            if (message == null) {
                String first = "/merchants/" + d.firstIndex() + "/id";
                int line = lines.locate(first)[0];
                message = "duplicate merchant id " + RequestReader.show(NODES.textNode(d.id())) + ", first given at "
                        + first + (line > 0 ? " (line " + line + ")" : "");
            }
            int[] at = lines.locate(pointer);
            problems.add(new Problem(source, pointer, at[0], at[1], message));
        }
        return problems;
    }

    /** Pass 2: the merchants, in file order, {@code size} at a time. */
    @SuppressWarnings("unchecked")
    public void forEachBatch(int size, Consumer<List<MerchantInput>> batches) throws IOException {
        List<MerchantInput>[] batch = new List[]{new ArrayList<>(size)};
        each(file, file.toString(), (index, node) -> {
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
        void visit(int index, JsonNode merchant);
    }

    private static JsonParser parser(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new InvalidInputException(List.of(new Problem(file.toString(), "", 0, 0, "is a directory, not a file")));
        }
        try {
            return TreeParser.JSON.createParser(TreeParser.utf8(file));
        } catch (IOException e) {
            throw new InvalidInputException(List.of(RequestReader.fileProblem(file, e)));
        }
    }

    private static InvalidInputException asProblem(String source, JsonParser p, Exception e) {
        if (e instanceof InvalidInputException invalid) {
            return invalid;
        }
        if (e instanceof java.nio.charset.CharacterCodingException) {
            int[] at;
            try {
                at = TreeParser.firstMalformed(Path.of(source));
            } catch (IOException again) {
                at = new int[] {0, 0};
            }
            return new InvalidInputException(List.of(new Problem(source, "", at[0], at[1], "the file is not UTF-8 text")));
        }
        if (e instanceof IOException || e instanceof com.fasterxml.jackson.core.JacksonException) {
            return new InvalidInputException(List.of(TreeParser.problem(source, p, e, false)));
        }
        throw (RuntimeException) e;
    }

    /** A parse problem under {@code pointer} (a nesting limit stays about the whole document). */
    private static Problem at(String pointer, Problem q) {
        return new Problem(q.source(), q.message().startsWith("the document nests") ? "" : pointer, q.line(), q.column(), q.message());
    }

    private static void each(Path file, String source, MerchantVisitor visitor) throws IOException {
        try (JsonParser p = parser(file)) {
            try {
                p.nextToken();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    if (!"merchants".equals(name) || p.currentToken() != JsonToken.START_ARRAY) {
                        p.skipChildren();
                        continue;
                    }
                    int index = 0;
                    while (true) {
                        JsonToken t;
                        try {
                            t = p.nextToken();
                        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                            throw new InvalidInputException(List.of(at("/merchants", TreeParser.problem(source, p, e, false))));
                        }
                        if (t == JsonToken.END_ARRAY) {
                            break;
                        }
                        JsonNode node;
                        try {
                            node = TreeParser.value(p, null, null);
                        } catch (TreeParser.Located located) {
                            throw new InvalidInputException(List.of(located.problem(source, "/merchants/" + index)));
                        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                            throw new InvalidInputException(List.of(at("/merchants/" + index, TreeParser.problem(source, p, e, false))));
                        }
                        visitor.visit(index++, node);
                    }
                }
            } catch (UncheckedIOException e) {
                throw e.getCause(); // the visitor's own (writing results), not the file's
            } catch (IOException | RuntimeException e) {
                throw asProblem(source, p, e);
            }
        }
    }
}
