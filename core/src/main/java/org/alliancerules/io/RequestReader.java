package org.alliancerules.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.alliancerules.model.EvaluationRequest;

/**
 * Reads evaluation requests: parses JSON or YAML, validates against
 * {@code schema/evaluation-request.schema.json} and the checks a schema cannot express, and binds to
 * {@link EvaluationRequest}. Every problem is reported at once, with the JSON pointer, line and column
 * of the offending value. Thread-safe and reusable: build one and share it.
 */
public final class RequestReader {

    /** Classpath location of the request schema. */
    public static final String SCHEMA_RESOURCE = "/schema/evaluation-request.schema.json";

    private static final String DATE_PATTERN = "^\\d{4}-\\d{2}-\\d{2}$";
    private static final Pattern DATE = Pattern.compile(DATE_PATTERN);
    /** How the request schema's date-time pattern (P1 times, which carry their offset) starts. */
    private static final String DATE_TIME_PATTERN_START = "^\\d{4}-\\d{2}-\\d{2}T";

    static final Comparator<Problem> READING_ORDER = Comparator.comparingInt(Problem::line)
            .thenComparing(Problem::pointer)
            .thenComparingInt(Problem::column)
            .thenComparing(Problem::message);

    /** The source name problems of requests built in code carry. */
    public static final String IN_CODE = "<request>";

    /** Writes requests built in code as the contract spells them; nulls are left out (absent). */
    private static final ObjectMapper IN_CODE_WRITER = Json.jsonMapper().copy()
            .setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL);

    private final JsonNode schemaTree;
    private final JsonSchema schema;
    private final ObjectMapper binder;

    /** One reader for everyone who does not need their own (it is immutable and thread-safe). */
    public static RequestReader shared() {
        return Shared.INSTANCE;
    }

    private static final class Shared {
        static final RequestReader INSTANCE = new RequestReader();
    }

    /** Loads and compiles the request schema. */
    public RequestReader() {
        binder = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
        schemaTree = Schemas.tree(SCHEMA_RESOURCE);
        schema = Schemas.compile(schemaTree);
    }

    // ---------------------------------------------------------------- reading whole files

    /**
     * Reads, validates and binds a request file (YAML when named .yaml/.yml, JSON otherwise).
     *
     * @throws InvalidInputException listing every problem, when the file is not a valid request
     * @throws IOException           when the file cannot be read
     */
    public EvaluationRequest read(Path file) throws IOException {
        return read(file.toString(), readFile(file));
    }

    /**
     * Reads, validates and binds a request given as bytes (UTF-8).
     *
     * @param sourceName the name used in problems and to pick the syntax: YAML when it ends with
     *                   .yaml/.yml, JSON otherwise; "-" stands for standard input
     * @throws InvalidInputException listing every problem, when the bytes are not a valid request
     */
    public EvaluationRequest read(String sourceName, byte[] bytes) {
        Document document = readTree(sourceName, bytes);
        return read(document.source(), document.root(), document.lines());
    }

    /** Parses (does not validate) a JSON or YAML file; see {@link #readTree(String, byte[])}. */
    public Document readTree(Path file) throws IOException {
        return readTree(file.toString(), readFile(file));
    }

    /**
     * Parses (does not validate) a JSON or YAML document, recording where each value starts. Use it
     * for documents that embed requests (fixtures), then {@link #validate} each request with
     * {@code document.lines().under(pointerOfTheRequest)}.
     *
     * @throws InvalidInputException when the document is malformed or empty, is followed by more content,
     *                               passes a parser limit, or (YAML) holds a second document, anchors or
     *                               aliases; each problem located
     */
    public Document readTree(String sourceName, byte[] bytes) {
        String source = displayName(sourceName);
        String text = decode(source, bytes);
        return TreeParser.parse(source, text, isYaml(sourceName));
    }

    /**
     * The bytes of an input file; every failure names the file: "is a directory, not a file", "no such
     * file", "cannot read: permission denied".
     *
     * @throws InvalidInputException when the file cannot be read
     */
    public static byte[] readFile(Path file) {
        String source = file.toString();
        if (Files.isDirectory(file)) {
            throw new InvalidInputException(List.of(new Problem(source, "", 0, 0, "is a directory, not a file")));
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InvalidInputException(List.of(fileProblem(file, e)));
        }
    }

    /** An I/O failure on a file as a problem naming the file, in the product's words. */
    public static Problem fileProblem(Path file, IOException e) {
        String source = file.toString();
        String message;
        if (e instanceof java.nio.file.NoSuchFileException) {
            message = "no such file";
        } else if (e instanceof java.nio.file.AccessDeniedException) {
            message = "cannot read: permission denied";
        } else if (Files.isDirectory(file)) {
            message = "is a directory, not a file";
        } else if (e instanceof java.io.FileNotFoundException && e.getMessage() != null
                && e.getMessage().contains("Permission denied")) {
            message = "cannot read: permission denied";
        } else if (e instanceof java.io.FileNotFoundException) {
            message = "no such file";
        } else {
            String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            message = "cannot read: " + detail.replace(source + ": ", "").replace(source, "").trim();
        }
        return new Problem(source, "", 0, 0, message);
    }

    // ---------------------------------------------------------------- validating trees

    /**
     * Validates and binds a parsed request.
     *
     * @param lineOf pointer (relative to {@code request}) to {line, column}; a {@link LineIndex} or
     *               {@link LineIndex#NONE}
     * @throws InvalidInputException listing every problem, when the request is not valid
     */
    public EvaluationRequest read(String sourceName, JsonNode request, Function<String, int[]> lineOf) {
        List<Problem> problems = validate(request, sourceName, lineOf);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return bind(request, sourceName, lineOf);
    }

    /**
     * Every problem of a parsed request: schema violations, then the checks the schema cannot express
     * (every number finite and integers within a long, unique merchant ids, real calendar dates, no date
     * after asOf, lv0Since given at level 0 and only there), in reading
     * order (by line, then pointer). Empty when the request is valid.
     *
     * @param lineOf pointer (relative to {@code request}) to {line, column}; a {@link LineIndex} or
     *               {@link LineIndex#NONE}
     */
    public List<Problem> validate(JsonNode request, String sourceName, Function<String, int[]> lineOf) {
        String source = displayName(sourceName);
        Function<String, int[]> locate = lineOf == null ? LineIndex.NONE : lineOf;
        List<Problem> problems = new ArrayList<>();
        Map<String, String> numbers = new HashMap<>();
        unrepresentableNumbers(request, new StringBuilder(), numbers);
        numbers.forEach((pointer, message) -> {
            int[] at = locate.apply(pointer);
            problems.add(new Problem(source, pointer, at[0], at[1], message));
        });
        JsonNode checked = numbers.isEmpty() ? request : withoutNumbers(request, numbers.keySet());
        Set<String> flagged = new HashSet<>();
        for (Problem p : schemaProblems(checked, source, locate)) {
            if (!numbers.containsKey(p.pointer()) && flagged.add(p.pointer() + "\u0000" + p.message())) {
                problems.add(p); // the schema's verdict on Infinity ("must be at most 5") would mislead
            }
        }
        Set<String> flaggedPointers = problems.stream().map(Problem::pointer).collect(Collectors.toSet());
        new SemanticChecks(source, locate, flaggedPointers, problems).check(request);
        problems.sort(READING_ORDER);
        return List.copyOf(problems);
    }

    /**
     * A copy of the request with the values at {@code pointers} made null: what the schema validates once
     * the numbers no field can hold are reported (it fails on NaN, and would word Infinity misleadingly).
     */
    private static JsonNode withoutNumbers(JsonNode request, Set<String> pointers) {
        JsonNode copy = request.deepCopy();
        for (String pointer : pointers) {
            int slash = pointer.lastIndexOf('/');
            if (slash < 0) {
                continue;
            }
            JsonNode parent = copy.at(pointer.substring(0, slash));
            String token = pointer.substring(slash + 1).replace("~1", "/").replace("~0", "~");
            if (parent instanceof com.fasterxml.jackson.databind.node.ObjectNode object) {
                object.putNull(token);
            } else if (parent instanceof com.fasterxml.jackson.databind.node.ArrayNode array) {
                array.set(Integer.parseInt(token), com.fasterxml.jackson.databind.node.NullNode.getInstance());
            }
        }
        return copy;
    }

    /**
     * Numbers no field can hold, by pointer: Infinity (a number beyond a double's range, such as 1e400,
     * reads as Infinity), NaN (only from requests built in code), integers beyond a long. Anywhere in the
     * request, whatever the field: the schema cannot see them (Infinity passes "minimum": 0).
     */
    private static void unrepresentableNumbers(JsonNode node, StringBuilder pointer, Map<String, String> out) {
        if (node == null) {
            return;
        }
        if (node.isContainerNode()) {
            int length = pointer.length();
            if (node.isObject()) {
                for (java.util.Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = it.next();
                    pointer.append('/').append(LineIndex.escape(field.getKey()));
                    unrepresentableNumbers(field.getValue(), pointer, out);
                    pointer.setLength(length);
                }
            } else {
                for (int i = 0; i < node.size(); i++) {
                    pointer.append('/').append(i);
                    unrepresentableNumbers(node.get(i), pointer, out);
                    pointer.setLength(length);
                }
            }
            return;
        }
        if (!node.isNumber()) {
            return;
        }
        String problem = null;
        if (node.isBigInteger()) {
            problem = "must be a number between " + Long.MIN_VALUE + " and " + Long.MAX_VALUE + ", got " + show(node);
        } else if (node.isFloatingPointNumber()) {
            double value = node.doubleValue();
            if (Double.isNaN(value)) {
                problem = "must be a finite number, got NaN";
            } else if (Double.isInfinite(value)) {
                problem = "must be a finite number, got a number too " + (value > 0 ? "large" : "small")
                        + " to represent (beyond " + (value > 0 ? "" : "-") + "1.8e308)";
            }
        }
        if (problem != null) {
            out.put(pointer.toString(), problem);
        }
    }

    /**
     * Every problem of a request built in code (a host application's): the same schema and checks as a
     * file, located by JSON pointer under the source name {@code <request>}. A null field counts as
     * absent, as in a file. Empty when the request is valid.
     */
    public List<Problem> validate(EvaluationRequest request) {
        if (request == null) {
            return List.of(new Problem(IN_CODE, "", 0, 0, "the request is null"));
        }
        return validate(IN_CODE_WRITER.valueToTree(request), IN_CODE, LineIndex.NONE);
    }

    /**
     * Throws when a request built in code is not valid (see {@link #validate(EvaluationRequest)}).
     *
     * @throws InvalidInputException listing every problem
     */
    public void check(EvaluationRequest request) {
        List<Problem> problems = validate(request);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
    }

    /**
     * Every problem of one merchant given on its own (a row of a snapshot), as of {@code asOf}: the
     * same schema and checks as a merchant of a request file. Pointers are relative to the merchant
     * ("/experienceScore"); every problem carries {@code line}.
     */
    public List<Problem> validateMerchant(JsonNode merchant, LocalDate asOf, String sourceName, long line) {
        com.fasterxml.jackson.databind.node.ObjectNode one = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        one.put("asOf", asOf.toString());
        one.putArray("merchants").add(merchant);
        List<Problem> problems = validate(one, sourceName, LineIndex.NONE);
        if (problems.isEmpty()) {
            return problems;
        }
        String prefix = "/merchants/0";
        List<Problem> out = new ArrayList<>(problems.size());
        int at = (int) Math.min(Integer.MAX_VALUE, line);
        for (Problem p : problems) {
            String pointer = p.pointer().startsWith(prefix) ? p.pointer().substring(prefix.length()) : p.pointer();
            out.add(new Problem(p.source(), pointer, at, 0, p.message()));
        }
        return out;
    }

    /** Binds one merchant already validated by {@link #validateMerchant}. */
    public org.alliancerules.model.MerchantInput bindMerchant(JsonNode merchant) {
        try {
            return binder.treeToValue(merchant, org.alliancerules.model.MerchantInput.class);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(List.of(new Problem("", "", 0, 0, "cannot read value: " + clean(e.getOriginalMessage()))));
        }
    }

    /** Binds a request without validating it; for requests already validated. */
    public EvaluationRequest bind(JsonNode request) {
        return bind(request, "", LineIndex.NONE);
    }

    private EvaluationRequest bind(JsonNode request, String sourceName, Function<String, int[]> lineOf) {
        try {
            return binder.treeToValue(request, EvaluationRequest.class);
        } catch (JsonMappingException e) {
            String pointer = e.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? LineIndex.escape(ref.getFieldName())
                            : String.valueOf(ref.getIndex()))
                    .map(token -> "/" + token)
                    .collect(Collectors.joining());
            int[] at = lineOf.apply(pointer);
            throw new InvalidInputException(List.of(new Problem(displayName(sourceName), pointer, at[0], at[1],
                    "cannot read value: " + clean(e.getOriginalMessage()))));
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(List.of(TreeParser.problem(displayName(sourceName), null, e, false)));
        }
    }

    // ---------------------------------------------------------------- names

    /** The name of a source as problems show it: "&lt;stdin&gt;" for "-". */
    public static String displayName(String sourceName) {
        if (sourceName == null || sourceName.isEmpty() || sourceName.equals("-")) {
            return "<stdin>";
        }
        return sourceName;
    }

    /** Whether a source is read as YAML: its name ends with .yaml or .yml (any case). */
    public static boolean isYaml(String sourceName) {
        String name = sourceName == null ? "" : sourceName.toLowerCase(Locale.ROOT);
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    // ---------------------------------------------------------------- parsing

    static String decode(String source, byte[] bytes) {
        return TreeParser.text(source, bytes);
    }

    /** Jackson's message without its "[Source: ...]" parts, on one line. */
    private static String clean(String message) {
        return TreeParser.clean(message);
    }

    // ---------------------------------------------------------------- schema

    private List<Problem> schemaProblems(JsonNode request, String source, Function<String, int[]> locate) {
        Set<ValidationMessage> messages = schema.validate(request);
        Set<String> patternFailures = new HashSet<>();
        for (ValidationMessage m : messages) {
            if ("pattern".equals(m.getType())) {
                patternFailures.add(pointer(m.getInstanceLocation()));
            }
        }
        List<Problem> problems = new ArrayList<>();
        for (ValidationMessage m : messages) {
            String pointer = pointer(m.getInstanceLocation());
            if ("format".equals(m.getType()) && patternFailures.contains(pointer)) {
                continue; // "2026-1-5": the pattern problem says it all
            }
            String message;
            boolean key = false;
            if ("required".equals(m.getType())) {
                message = "missing required property \"" + m.getProperty() + "\"";
            } else if ("additionalProperties".equals(m.getType())) {
                pointer = pointer + "/" + LineIndex.escape(m.getProperty());
                message = unknownProperty(m);
                key = true; // at its key: a YAML block value starts on the next line
            } else {
                message = describe(m);
            }
            int[] at = key && locate instanceof LineIndex lines ? lines.locateKey(pointer) : locate.apply(pointer);
            problems.add(new Problem(source, pointer, at[0], at[1], message));
        }
        return problems;
    }

    private String describe(ValidationMessage m) {
        JsonNode value = m.getInstanceNode();
        JsonNode rule = m.getSchemaNode();
        String got = ", got " + show(value);
        switch (m.getType()) {
            case "type":
                return "must be " + typeNames(rule) + got;
            case "enum":
                List<String> options = new ArrayList<>();
                rule.forEach(option -> options.add(option.isTextual() ? option.asText() : option.toString()));
                return "must be one of " + String.join(", ", options) + got;
            case "minimum":
                return "must be at least " + rule.asText() + got;
            case "maximum":
                return "must be at most " + rule.asText() + got;
            case "exclusiveMinimum":
                return "must be more than " + rule.asText() + got;
            case "exclusiveMaximum":
                return "must be less than " + rule.asText() + got;
            case "minLength":
                return rule.asInt() == 1 ? "must not be empty" : "must be at least " + rule.asText() + " characters long";
            case "pattern":
                return DATE_PATTERN.equals(rule.asText()) ? "must be a date YYYY-MM-DD" + got
                        : rule.asText().startsWith(DATE_TIME_PATTERN_START)
                        ? "must be a date and time with its offset, such as 2026-11-25T10:15:00+08:00" + got
                        : "must match " + rule.asText() + got;
            case "format":
                return "date-time".equals(rule.asText()) ? "is not a real date and time" + got
                        : "date".equals(rule.asText()) ? "is not a real calendar date" + got
                        : "must be a valid " + rule.asText() + got;
            default:
                return withoutLocation(m);
        }
    }

    /** networknt's own message without its leading instance location. */
    private static String withoutLocation(ValidationMessage m) {
        String message = m.getMessage();
        String prefix = m.getInstanceLocation() + ": ";
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    private String unknownProperty(ValidationMessage m) {
        String name = m.getProperty();
        List<String> allowed = new ArrayList<>();
        JsonNodePath fragment = m.getSchemaLocation().getFragment();
        StringBuilder parent = new StringBuilder();
        for (int i = 0; i < fragment.getNameCount() - 1; i++) {
            parent.append('/').append(LineIndex.escape(String.valueOf(fragment.getElement(i))));
        }
        schemaTree.at(parent + "/properties").fieldNames().forEachRemaining(allowed::add);
        StringBuilder message = new StringBuilder("unknown property \"").append(name).append('"');
        String closest = closest(name, allowed);
        if (closest != null) {
            message.append(" (did you mean \"").append(closest).append("\"?)");
        } else if (!allowed.isEmpty()) {
            message.append("; expected one of ").append(String.join(", ", allowed));
        }
        return message.toString();
    }

    /** The allowed name nearest to a misspelt one, when it is near enough to be a typo. */
    private static String closest(String name, List<String> allowed) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : allowed) {
            int distance = candidate.equalsIgnoreCase(name) ? 0
                    : editDistance(name.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return bestDistance <= Math.max(1, Math.min(3, name.length() / 4)) ? best : null;
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static String typeNames(JsonNode type) {
        List<String> names = new ArrayList<>();
        if (type.isArray()) {
            type.forEach(t -> names.add(typeName(t.asText())));
        } else {
            names.add(typeName(type.asText()));
        }
        return String.join(" or ", names);
    }

    private static String typeName(String type) {
        return switch (type) {
            case "integer" -> "an integer";
            case "object" -> "an object";
            case "array" -> "an array";
            case "null" -> "null";
            default -> "a " + type;
        };
    }

    /** A value as a message shows it: strings quoted, containers by kind. */
    static String show(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "nothing";
        }
        if (value.isObject()) {
            return "an object";
        }
        if (value.isArray()) {
            return "an array";
        }
        String text = value.toString();
        return text.length() > 80 ? text.substring(0, 77) + "..." : text;
    }

    private static String pointer(JsonNodePath path) {
        StringBuilder pointer = new StringBuilder();
        for (int i = 0; i < path.getNameCount(); i++) {
            pointer.append('/').append(LineIndex.escape(String.valueOf(path.getElement(i))));
        }
        return pointer.toString();
    }

    // ---------------------------------------------------------------- checks beyond the schema

    /** The checks the schema cannot express. Tolerates any shape: the schema reports wrong shapes. */
    private static final class SemanticChecks {

        private final String source;
        private final Function<String, int[]> locate;
        private final Set<String> flagged;
        private final List<Problem> problems;
        private LocalDate asOf;

        SemanticChecks(String source, Function<String, int[]> locate, Set<String> flagged, List<Problem> problems) {
            this.source = source;
            this.locate = locate;
            this.flagged = flagged;
            this.problems = problems;
        }

        void check(JsonNode request) {
            if (request == null || !request.isObject()) {
                return;
            }
            asOf = date(request.get("asOf"), "/asOf");
            p1(request);
            JsonNode merchants = request.get("merchants");
            if (merchants == null || !merchants.isArray()) {
                return;
            }
            Map<String, String> firstById = new HashMap<>();
            for (int i = 0; i < merchants.size(); i++) {
                JsonNode merchant = merchants.get(i);
                if (merchant.isObject()) {
                    merchant("/merchants/" + i, merchant, firstById);
                }
            }
        }

        private void merchant(String at, JsonNode merchant, Map<String, String> firstById) {
            JsonNode id = merchant.get("id");
            if (id != null && id.isTextual() && !id.asText().isEmpty()) {
                String first = firstById.putIfAbsent(id.asText(), at + "/id");
                if (first != null) {
                    int line = locate.apply(first)[0];
                    add(at + "/id", "duplicate merchant id " + show(id) + ", first given at " + first
                            + (line > 0 ? " (line " + line + ")" : ""));
                }
            }
            notAfterAsOf(merchant.get("onboardedOn"), at + "/onboardedOn");
            eachNotAfterAsOf(merchant.get("penalties"), at + "/penalties", "on");
            JsonNode alliance = merchant.get("alliance");
            if (alliance != null && alliance.isObject()) {
                notAfterAsOf(alliance.get("admittedOn"), at + "/alliance/admittedOn");
                notAfterAsOf(alliance.get("closedOn"), at + "/alliance/closedOn");
            }
            JsonNode grade = merchant.get("grade");
            if (grade != null && grade.isObject()) {
                notAfterAsOf(grade.get("lastChangedOn"), at + "/grade/lastChangedOn");
                JsonNode lv0Since = grade.get("lv0Since");
                notAfterAsOf(lv0Since, at + "/grade/lv0Since");
                JsonNode level = grade.get("level");
                if (level != null && level.isNumber() && level.asDouble() == 0
                        && (lv0Since == null || lv0Since.isNull())) {
                    add(lv0Since == null ? at + "/grade" : at + "/grade/lv0Since",
                            "grade level 0 needs lv0Since, the date the merchant reached LV0");
                }
                boolean atLv0 = level != null && level.isNumber() && level.asDouble() == 0;
                if (lv0Since != null && !lv0Since.isNull() && !atLv0 && !flagged.contains(at + "/grade/level")) {
                    add(at + "/grade/lv0Since", "lv0Since is only given while the merchant is at LV0 (grade level 0),"
                            + " got level " + (level == null ? "absent" : show(level)) + "; leave it out or null");
                }
            }
            eachNotAfterAsOf(merchant.get("daily"), at + "/daily", "day");
            p2(at, merchant);
        }

        /**
         * P2 (the seed-003 profile): dates not after asOf, a dispute decided after its appeal with who was at
         * fault exactly when it is decided, product, order and dispute ids unique within the merchant.
         */
        private void p2(String at, JsonNode merchant) {
            notAfterAsOf(merchant.get("shopOpenedOn"), at + "/shopOpenedOn");
            JsonNode ladder = merchant.get("ladder");
            if (ladder != null && ladder.isObject()) {
                notAfterAsOf(ladder.get("countedThrough"), at + "/ladder/countedThrough");
            }
            eachNotAfterAsOf(merchant.get("violations"), at + "/violations", "on");
            JsonNode products = merchant.get("products");
            uniqueIds(at + "/products", products, "product");
            eachNotAfterAsOf(products, at + "/products", "listedOn");
            JsonNode orders = merchant.get("orders");
            uniqueIds(at + "/orders", orders, "order");
            eachNotAfterAsOf(orders, at + "/orders", "settledOn");
            JsonNode disputes = merchant.get("disputes");
            uniqueIds(at + "/disputes", disputes, "dispute");
            if (disputes != null && disputes.isArray()) {
                for (int j = 0; j < disputes.size(); j++) {
                    JsonNode d = disputes.get(j);
                    String dAt = at + "/disputes/" + j;
                    LocalDate appealed = notAfterAsOf(d.get("appealedOn"), dAt + "/appealedOn");
                    LocalDate decided = notAfterAsOf(d.get("decidedOn"), dAt + "/decidedOn");
                    if (appealed != null && decided != null && decided.isBefore(appealed)) {
                        add(dAt + "/decidedOn", "decidedOn " + decided + " is before appealedOn " + appealed);
                    }
                    JsonNode fault = d.get("atFault");
                    boolean hasFault = fault != null && !fault.isNull();
                    boolean isDecided = d.get("decidedOn") != null && !d.get("decidedOn").isNull();
                    if (isDecided && !hasFault && !flagged.contains(dAt + "/decidedOn")) {
                        add(fault == null ? dAt : dAt + "/atFault", "a decided dispute needs atFault (MERCHANT or CREATOR)");
                    } else if (!isDecided && hasFault) {
                        add(dAt + "/atFault", "atFault is given only once the dispute is decided (decidedOn)");
                    }
                }
            }
        }

        /** {@code field} of every item of {@code list} (at {@code at}) not after asOf. */
        private void eachNotAfterAsOf(JsonNode list, String at, String field) {
            if (list != null && list.isArray()) {
                for (int j = 0; j < list.size(); j++) {
                    notAfterAsOf(list.get(j).get(field), at + "/" + j + "/" + field);
                }
            }
        }

        private void uniqueIds(String at, JsonNode list, String what) {
            if (list == null || !list.isArray()) {
                return;
            }
            Map<String, String> first = new HashMap<>();
            for (int j = 0; j < list.size(); j++) {
                JsonNode id = list.get(j).get("id");
                if (id != null && id.isTextual() && !id.asText().isEmpty()) {
                    String seen = first.putIfAbsent(id.asText(), at + "/" + j + "/id");
                    if (seen != null) {
                        add(at + "/" + j + "/id", "duplicate " + what + " id " + show(id) + ", first given at " + seen);
                    }
                }
            }
        }

        /**
         * P1: ids unique per kind of party and per contact request, every party named (contact requests,
         * conversations, week usage) in the request, weeks starting on a Monday, one usage per party and week,
         * real dates and times.
         */
        private void p1(JsonNode request) {
            Map<String, Set<String>> parties = new HashMap<>();
            parties.put("MERCHANT", ids(request.get("merchants"), "/merchants", null));
            parties.put("CREATOR", ids(request.get("creators"), "/creators", "creator"));
            parties.put("INSTITUTION", ids(request.get("institutions"), "/institutions", "institution"));
            parties.put("TEAM_LEADER", ids(request.get("teamLeaders"), "/teamLeaders", "team leader"));
            ids(request.get("contactRequests"), "/contactRequests", "contact request");
            JsonNode requests = request.get("contactRequests");
            if (requests != null && requests.isArray()) {
                for (int i = 0; i < requests.size(); i++) {
                    String at = "/contactRequests/" + i;
                    partyRef(requests.get(i).get("from"), at + "/from", parties);
                    partyRef(requests.get(i).get("to"), at + "/to", parties);
                    dateTime(requests.get(i).get("at"), at + "/at");
                }
            }
            JsonNode conversations = request.get("conversations");
            if (conversations != null && conversations.isArray()) {
                for (int i = 0; i < conversations.size(); i++) {
                    String at = "/conversations/" + i;
                    partyRef(conversations.get(i).get("a"), at + "/a", parties);
                    partyRef(conversations.get(i).get("b"), at + "/b", parties);
                    dateTime(conversations.get(i).get("openedAt"), at + "/openedAt");
                }
            }
            JsonNode usage = request.get("weekUsage");
            if (usage != null && usage.isArray()) {
                Map<String, String> firstByWeek = new HashMap<>();
                for (int i = 0; i < usage.size(); i++) {
                    String at = "/weekUsage/" + i;
                    JsonNode u = usage.get(i);
                    partyRef(u.get("party"), at + "/party", parties);
                    LocalDate week = date(u.get("weekStart"), at + "/weekStart");
                    if (week != null && week.getDayOfWeek() != java.time.DayOfWeek.MONDAY) {
                        add(at + "/weekStart", week + " is a " + week.getDayOfWeek().getDisplayName(
                                java.time.format.TextStyle.FULL, Locale.ROOT) + ": a natural week starts on a Monday");
                    }
                    JsonNode party = u.get("party");
                    if (week != null && party != null && party.isObject()) {
                        String key = party.path("type").asText() + " " + party.path("id").asText() + " " + week;
                        String first = firstByWeek.putIfAbsent(key, at);
                        if (first != null) {
                            add(at, "a second usage of " + party.path("type").asText() + " " + party.path("id").asText()
                                    + " for the week of " + week + ", first given at " + first);
                        }
                    }
                }
            }
        }

        /** The ids of a list of parties; duplicates reported (merchants are checked elsewhere: kind null). */
        private Set<String> ids(JsonNode list, String at, String kind) {
            Set<String> ids = new HashSet<>();
            if (list == null || !list.isArray()) {
                return ids;
            }
            Map<String, String> firstById = new HashMap<>();
            for (int i = 0; i < list.size(); i++) {
                JsonNode id = list.get(i).get("id");
                if (id != null && id.isTextual() && !id.asText().isEmpty()) {
                    ids.add(id.asText());
                    String first = firstById.putIfAbsent(id.asText(), at + "/" + i + "/id");
                    if (first != null && kind != null) {
                        int line = locate.apply(first)[0];
                        add(at + "/" + i + "/id", "duplicate " + kind + " id " + show(id) + ", first given at " + first
                                + (line > 0 ? " (line " + line + ")" : ""));
                    }
                }
            }
            return ids;
        }

        /** A party named by type and id must be in the request. */
        private void partyRef(JsonNode ref, String at, Map<String, Set<String>> parties) {
            if (ref == null || !ref.isObject() || !ref.path("type").isTextual() || !ref.path("id").isTextual()) {
                return; // the schema's concern
            }
            Set<String> known = parties.get(ref.get("type").asText());
            if (known != null && !ref.get("id").asText().isEmpty() && !known.contains(ref.get("id").asText())) {
                String list = switch (ref.get("type").asText()) {
                    case "MERCHANT" -> "merchants";
                    case "CREATOR" -> "creators";
                    case "INSTITUTION" -> "institutions";
                    default -> "teamLeaders";
                };
                add(at + "/id", "no " + ref.get("type").asText() + " " + show(ref.get("id")) + " in the request's " + list);
            }
        }

        /** A well-formed date-time (the pattern matched) must be a real one. */
        private void dateTime(JsonNode value, String pointer) {
            if (value == null || !value.isTextual() || flagged.contains(pointer)) {
                return;
            }
            try {
                java.time.OffsetDateTime.parse(value.asText());
            } catch (java.time.format.DateTimeParseException e) {
                if (value.asText().matches("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})$")) {
                    add(pointer, "is not a real date and time, got " + show(value));
                }
            }
        }

        private LocalDate notAfterAsOf(JsonNode value, String pointer) {
            LocalDate date = date(value, pointer);
            if (date != null && asOf != null && date.isAfter(asOf)) {
                add(pointer, date + " is after asOf " + asOf);
            }
            return date;
        }

        /** The date a well-formed date string names; reports strings that are not real dates. */
        private LocalDate date(JsonNode value, String pointer) {
            if (value == null || !value.isTextual() || !DATE.matcher(value.asText()).matches()) {
                return null; // absent, null or of the wrong form: the schema's concern
            }
            try {
                return isoDate(value.asText());
            } catch (java.time.DateTimeException e) {
                if (!flagged.contains(pointer)) {
                    add(pointer, "is not a real calendar date, got " + show(value));
                }
                return null;
            }
        }

        /** A YYYY-MM-DD text (the pattern already matched) as a date; throws for dates the calendar lacks. */
        private static LocalDate isoDate(String text) {
            int year = Integer.parseInt(text, 0, 4, 10);
            int month = Integer.parseInt(text, 5, 7, 10);
            int day = Integer.parseInt(text, 8, 10, 10);
            return LocalDate.of(year, month, day); // DateTimeException for 2026-02-30 or month 13
        }

        private void add(String pointer, String message) {
            int[] at = locate.apply(pointer);
            problems.add(new Problem(source, pointer, at[0], at[1], message));
        }
    }
}
