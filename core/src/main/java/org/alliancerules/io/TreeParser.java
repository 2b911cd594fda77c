package org.alliancerules.io;

import java.io.CharConversionException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.DocumentStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;

/**
 * Parses JSON and YAML documents into trees, recording where each value starts, with every failure
 * turned into a {@link Problem} in the product's words and located where the parser stood (parser
 * limits included). The one parser behind request files (in memory and streamed), snapshots and
 * policies, so that all of them are equally strict: duplicate keys, trailing content after the
 * document, a second YAML document and YAML anchors/aliases are refused.
 */
public final class TreeParser {

    /**
     * JSON, with Jackson's default limits (20,000,000-character strings, 1,000-character numbers, depth
     * 1,000). Duplicate keys are refused by {@link #value}, which knows their pointer (the parser's own
     * detection does not).
     */
    public static final JsonFactory JSON = JsonFactory.builder().build();

    /** YAML: as {@link #JSON}. */
    public static final YAMLFactory YAML = YAMLFactory.builder().build();

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final Pattern START_MARKER =
            Pattern.compile("\\s*\\(start marker at \\[Source: [^\\]]*?line: (\\d+), column: (\\d+)\\]\\)");
    private static final Pattern SOURCE_TAIL = Pattern.compile("\\s*(at )?\\[Source: [^\\]]*\\]");
    private static final Pattern ENABLE_FEATURE = Pattern.compile("[:;,]?\\s*\\(?enable `[^`]*`[^)]*?to allow\\)?");
    private static final Pattern FOR_OBJECT = Pattern.compile("\\s*\\(for Object starting at [^)]*\\)");
    private static final Pattern LIMIT = Pattern.compile("^(String value length|Number value length|Name length"
            + "|Document nesting depth|Document length|Token count) \\((\\d+)\\) exceeds the maximum allowed \\((\\d+)");
    /** YAML's .inf and .nan (Jackson does not read them), JSON's NaN and Infinity (not JSON). */
    private static final Pattern NOT_FINITE = Pattern.compile(
            "(?:Malformed numeric value|Non-standard token) '([-+]?(?:\\.?(?i:inf|infinity|nan)))'");
    private static final Pattern YAML_CODE_POINTS =
            Pattern.compile("The incoming YAML document exceeds the limit: (\\d+) code points");

    private TreeParser() {
    }

    /**
     * A whole document (one JSON value, or one YAML document) with the position of every value.
     *
     * @throws InvalidInputException with the problems, when the text is not one well-formed document
     */
    public static Document parse(String source, String text, boolean yaml) {
        if (yaml) {
            List<Problem> structure = yamlStructure(source, text);
            if (!structure.isEmpty()) {
                throw new InvalidInputException(structure);
            }
        }
        JsonFactory factory = yaml ? YAML : JSON;
        try (JsonParser p = factory.createParser(text)) {
            try {
                if (p.nextToken() == null) {
                    throw new InvalidInputException(List.of(new Problem(source, "", 1, 1, "the document is empty")));
                }
                Map<String, int[]> positions = new HashMap<>();
                JsonNode root = value(p, "", positions);
                expectEnd(source, p);
                if (yaml && root.isContainerNode()) {
                    positions.put("", new int[] {1, 1}); // a YAML block has no opening brace: the document starts at 1:1
                }
                return new Document(source, root, LineIndex.of(positions));
            } catch (IOException | RuntimeException e) {
                if (e instanceof InvalidInputException invalid) {
                    throw invalid;
                }
                throw new InvalidInputException(List.of(problem(source, p, e, yaml)));
            }
        } catch (IOException e) {
            throw new InvalidInputException(List.of(problem(source, null, e, yaml)));
        }
    }

    /**
     * The bytes as UTF-8 text (a leading BOM dropped); malformed UTF-8 is refused at its line and column.
     *
     * @throws InvalidInputException when the bytes are not UTF-8
     */
    public static String text(String source, byte[] bytes) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            int[] at = firstMalformed(bytes);
            throw new InvalidInputException(List.of(new Problem(source, "", at[0], at[1], "the file is not UTF-8 text")));
        }
    }

    /** {line, column} (column in characters) of the first byte that is not well-formed UTF-8. */
    private static int[] firstMalformed(byte[] bytes) {
        java.nio.charset.CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length + 1);
        decoder.decode(in, out, true);
        out.flip();
        int line = 1;
        int column = 1;
        while (out.hasRemaining()) {
            if (out.get() == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new int[] {line, column};
    }

    /**
     * A file's text, decoded strictly as UTF-8, a leading BOM skipped: what {@link #text} makes of the
     * bytes, read as a stream (so that a streamed file is parsed from the same characters, and located
     * at the same lines and columns, as one read in memory). Malformed UTF-8 throws a
     * {@link CharacterCodingException} when it is reached; {@link #firstMalformed(Path)} locates it.
     */
    public static java.io.Reader utf8(Path file) throws IOException {
        java.io.BufferedReader reader = new java.io.BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file),
                StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)), 1 << 16);
        try {
            reader.mark(1);
            if (reader.read() != '\uFEFF') {
                reader.reset();
            }
        } catch (CharacterCodingException e) {
            reader.reset(); // the parse meets it again, and reports it
        }
        return reader;
    }

    /** {line, column} of the first byte of a file that is not well-formed UTF-8; {0, 0} when there is none. */
    public static int[] firstMalformed(Path file) throws IOException {
        java.nio.charset.CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        int line = 1;
        int column = 1;
        try (java.io.InputStream in = Files.newInputStream(file)) {
            ByteBuffer bytes = ByteBuffer.allocate(1 << 16);
            java.nio.CharBuffer chars = java.nio.CharBuffer.allocate(1 << 16);
            boolean end = false;
            while (true) {
                int n = end ? -1 : in.read(bytes.array(), bytes.position(), bytes.remaining());
                if (n < 0) {
                    end = true;
                } else {
                    bytes.position(bytes.position() + n);
                }
                bytes.flip();
                java.nio.charset.CoderResult result = decoder.decode(bytes, chars, end);
                chars.flip();
                while (chars.hasRemaining()) {
                    if (chars.get() == '\n') {
                        line++;
                        column = 1;
                    } else {
                        column++;
                    }
                }
                chars.clear();
                if (result.isError()) {
                    return new int[] {line, column};
                }
                bytes.compact();
                if (end && !result.isOverflow()) {
                    return new int[] {0, 0};
                }
            }
        }
    }

    /**
     * One JSON value in a text (a JSON Lines row, a CSV cell holding JSON), without positions: duplicate
     * keys, content after the value and parser limits refused as in a file.
     *
     * @throws InvalidInputException with one problem, located within {@code text} (line 1 for a one-line text)
     */
    public static JsonNode jsonValue(String source, String text) {
        try (JsonParser p = JSON.createParser(text)) {
            try {
                if (p.nextToken() == null) {
                    throw new InvalidInputException(List.of(new Problem(source, "", 1, 1, "the value is empty")));
                }
                JsonNode value = value(p, null, null);
                expectEnd(source, p);
                return value;
            } catch (IOException | RuntimeException e) {
                if (e instanceof InvalidInputException invalid) {
                    throw invalid;
                }
                throw new InvalidInputException(List.of(problem(source, p, e, false)));
            }
        } catch (IOException e) {
            throw new InvalidInputException(List.of(problem(source, null, e, false)));
        }
    }

    /** {@link #parse} of bytes: UTF-8 text, then one document. */
    public static Document parse(String source, byte[] bytes, boolean yaml) {
        return parse(source, text(source, bytes), yaml);
    }

    /**
     * Refuses anything after the document's single value, whatever it is (a token, or text no token
     * starts with).
     *
     * @throws InvalidInputException when the parser, on the value's last token, has more to read
     */
    public static void expectEnd(String source, JsonParser p) throws IOException {
        JsonLocation end = p.currentLocation();
        try {
            if (p.nextToken() == null) {
                return;
            }
        } catch (StreamConstraintsException e) {
            throw e;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation() == null ? end : e.getLocation();
            throw new InvalidInputException(List.of(new Problem(source, "", line(at), column(at), TRAILING)));
        }
        throw new InvalidInputException(List.of(trailing(source, p)));
    }

    private static final String TRAILING =
            "malformed input: unexpected content after the end of the JSON value";

    /** The problem of content found after the document's single value. */
    public static Problem trailing(String source, JsonParser p) {
        JsonLocation at = p.currentTokenLocation();
        return new Problem(source, "", line(at), column(at), TRAILING);
    }

    /**
     * Reads the value whose first token is the parser's current one, leaving the parser on its last
     * token. Records the position of every value under {@code pointer} when {@code positions} is not
     * null. Numbers keep their kind: int, long, big integer (beyond long), double (Infinity when beyond
     * double: the request checks refuse it), big decimal only when the parser gives one. A key given twice
     * in an object is refused.
     *
     * @throws Located when the value is malformed (or passes a parser limit) inside: the problem's
     *                 pointer is relative to this value
     */
    public static JsonNode value(JsonParser p, String pointer, Map<String, int[]> positions) throws IOException {
        if (positions != null) {
            JsonLocation at = p.currentTokenLocation();
            positions.put(pointer, new int[] {line(at), column(at)});
        }
        JsonToken token = p.currentToken();
        switch (token) {
            case START_OBJECT: {
                ObjectNode object = NODES.objectNode();
                String previous = null;
                while (true) {
                    JsonToken t;
                    try {
                        t = p.nextToken();
                    } catch (JsonProcessingException e) {
                        // the JSON parser reads a key and the start of its value at once: a bad value fails here,
                        // with the key already read (the context names it)
                        String read = p.getParsingContext() == null ? null : p.getParsingContext().getCurrentName();
                        Located located = Located.of(e, p);
                        throw read != null && !read.equals(previous) ? located.under(LineIndex.escape(read)) : located;
                    }
                    if (t != JsonToken.FIELD_NAME) {
                        return object;
                    }
                    String name = p.currentName();
                    previous = name;
                    String segment = LineIndex.escape(name);
                    try {
                        JsonLocation key = p.currentTokenLocation();
                        if (object.has(name)) {
                            throw duplicate(name, key, p);
                        }
                        JsonToken next = p.nextToken();
                        String child = positions == null ? null : pointer + "/" + segment;
                        if (positions != null && (next == JsonToken.START_OBJECT || next == JsonToken.START_ARRAY)
                                && p.currentTokenLocation().getLineNr() != key.getLineNr()) {
                            // a YAML block ("grade:" then its fields below): the key is where a person looks for it
                            positions.put(child + LineIndex.KEY, new int[] {line(key), column(key)});
                        }
                        object.set(name, value(p, child, positions));
                    } catch (Located located) {
                        throw located.under(segment);
                    } catch (JsonProcessingException e) {
                        throw Located.of(e, p).under(segment);
                    }
                }
            }
            case START_ARRAY: {
                ArrayNode array = NODES.arrayNode();
                int index = 0;
                while (true) {
                    JsonToken t;
                    try {
                        t = p.nextToken();
                    } catch (JsonProcessingException e) {
                        throw Located.of(e, p);
                    }
                    if (t == JsonToken.END_ARRAY) {
                        return array;
                    }
                    try {
                        array.add(value(p, positions == null ? null : pointer + "/" + index, positions));
                    } catch (Located located) {
                        throw located.under(String.valueOf(index));
                    } catch (JsonProcessingException e) {
                        throw Located.of(e, p).under(String.valueOf(index));
                    }
                    index++;
                }
            }
            case VALUE_STRING:
                return NODES.textNode(p.getText());
            case VALUE_NUMBER_INT:
                return switch (p.getNumberType()) {
                    case INT -> NODES.numberNode(p.getIntValue());
                    case LONG -> NODES.numberNode(p.getLongValue());
                    default -> NODES.numberNode(p.getBigIntegerValue());
                };
            case VALUE_NUMBER_FLOAT:
                return p.getNumberType() == JsonParser.NumberType.BIG_DECIMAL
                        ? NODES.numberNode(p.getDecimalValue())
                        : NODES.numberNode(p.getDoubleValue());
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            case VALUE_EMBEDDED_OBJECT: {
                Object embedded = p.getEmbeddedObject();
                return embedded instanceof byte[] bytes ? NODES.binaryNode(bytes) : NODES.pojoNode(embedded);
            }
            default:
                throw new JsonParseLikeException("unexpected " + token, p);
        }
    }

    /** The problem of a key given twice in one object, at the second one. */
    public static Located duplicate(String name, JsonLocation key, JsonParser p) {
        return new Located("", line(key), column(key), (isYaml(p) ? "malformed YAML: " : "malformed input: ")
                + "the key \"" + name + "\" is given twice in the same object", false);
    }

    private static boolean isYaml(JsonParser p) {
        return p instanceof com.fasterxml.jackson.dataformat.yaml.YAMLParser;
    }

    /**
     * A problem found while reading a value, located in the file and by a JSON pointer relative to the
     * value being read; each enclosing object or array adds its key or index as the failure goes up.
     * Without a stack trace: it is an answer, not a bug.
     */
    public static final class Located extends IOException {
        private static final long serialVersionUID = 1L;

        private final String pointer;
        private final int line;
        private final int column;
        private final String problem;
        private final boolean whole;

        Located(String pointer, int line, int column, String problem, boolean whole) {
            super(problem);
            this.pointer = pointer;
            this.line = line;
            this.column = column;
            this.problem = problem;
            this.whole = whole;
        }

        /** A parser failure where the parser stands, in the product's words. */
        static Located of(JsonProcessingException e, JsonParser p) {
            Problem q = TreeParser.problem("", p, e, isYaml(p));
            // a nesting limit is about the document, and its pointer would be a thousand levels long
            boolean whole = q.message().startsWith("the document nests") || q.message().startsWith("the YAML document is longer");
            return new Located("", q.line(), q.column(), q.message(), whole);
        }

        /** The same problem, one level up: under {@code segment} (an escaped key, or an index). */
        Located under(String segment) {
            return whole ? this : new Located("/" + segment + pointer, line, column, problem, false);
        }

        /** The problem, its pointer under {@code base} (the pointer of the value that was read; null: ""). */
        public Problem problem(String source, String base) {
            return new Problem(source, whole ? "" : (base == null ? "" : base) + pointer, line, column, problem);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    /** Thrown for a token a value cannot start with (does not happen with a well-behaved parser). */
    private static final class JsonParseLikeException extends JsonProcessingException {
        private static final long serialVersionUID = 1L;

        JsonParseLikeException(String message, JsonParser p) {
            super(message, p.currentTokenLocation());
        }
    }

    // ---------------------------------------------------------------- problems in the product's words

    /**
     * A parse failure as a problem: located where the exception says or, when it does not (parser
     * limits), where the parser stood; in the product's words, without Jackson's "[Source: ...]".
     */
    public static Problem problem(String source, JsonParser p, Exception e, boolean yaml) {
        if (e instanceof Located located) {
            return located.problem(source, "");
        }
        MarkedYAMLException marked = yamlCause(e);
        if (marked != null && marked.getProblemMark() != null) {
            Mark mark = marked.getProblemMark();
            Mark context = marked.getContextMark();
            if (marked.getContext() != null && context != null && context.getLine() < mark.getLine()) {
                // "while parsing a flow sequence": located where the construct opens, the problem's place named
                return new Problem(source, "", context.getLine() + 1, context.getColumn() + 1, "malformed YAML: "
                        + clean(marked.getContext()) + " opened here: " + clean(marked.getProblem())
                        + " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1));
            }
            String message = marked.getContext() == null ? marked.getProblem()
                    : marked.getContext() + ": " + marked.getProblem();
            return new Problem(source, "", mark.getLine() + 1, mark.getColumn() + 1, "malformed YAML: " + clean(message));
        }
        JsonLocation at = e instanceof JsonProcessingException j ? j.getLocation() : null;
        if ((at == null || at.getLineNr() < 1) && p != null) {
            at = p.currentLocation();
        }
        String original = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        String message;
        String limit = limit(original);
        if (limit != null) {
            message = limit;
        } else if (e instanceof CharConversionException || (original != null && original.startsWith("Invalid UTF-8"))) {
            message = "the file is not UTF-8 text";
        } else {
            Matcher codePoints = original == null ? null : YAML_CODE_POINTS.matcher(original);
            Matcher notFinite = original == null ? null : NOT_FINITE.matcher(original);
            if (notFinite != null && notFinite.find()) {
                message = "must be a finite number, got " + notFinite.group(1);
            } else if (codePoints != null && codePoints.find()) {
                message = "the YAML document is longer than " + thousands(codePoints.group(1))
                        + " characters, the most a YAML file may hold (write big requests as JSON)";
            } else {
                message = (yaml ? "malformed YAML: " : "malformed input: ") + clean(original);
            }
        }
        return new Problem(source, "", line(at), column(at), message);
    }

    /** A parser limit's message in the product's words, or null when the message is not about a limit. */
    public static String limit(String message) {
        if (message == null) {
            return null;
        }
        Matcher m = LIMIT.matcher(message);
        if (!m.find()) {
            return null;
        }
        String max = thousands(m.group(3));
        return switch (m.group(1)) {
            case "String value length" -> "a text value is longer than " + max + " characters";
            case "Number value length" -> "a number is longer than " + max + " characters";
            case "Name length" -> "a property name is longer than " + max + " characters";
            case "Document nesting depth" -> "the document nests objects and arrays deeper than " + max + " levels";
            case "Document length" -> "the document is longer than " + max + " characters";
            default -> "the document has more than " + max + " tokens";
        };
    }

    private static String thousands(String digits) {
        return NumberFormat.getIntegerInstance(Locale.ENGLISH).format(Long.parseLong(digits));
    }

    /** Jackson's or SnakeYAML's message on one line, without "[Source: ...]" and "(for Object starting at ...)". */
    public static String clean(String message) {
        if (message == null) {
            return "";
        }
        Matcher start = START_MARKER.matcher(message);
        String text = start.replaceAll(" (opened at line $1, column $2)");
        text = SOURCE_TAIL.matcher(text).replaceAll("");
        text = FOR_OBJECT.matcher(text).replaceAll("");
        text = ENABLE_FEATURE.matcher(text).replaceAll(""); // ": enable `JsonReadFeature.X` to allow": not the user's to enable
        return text.replaceAll("\\s*\\R\\s*", " ").trim();
    }

    private static MarkedYAMLException yamlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MarkedYAMLException marked) {
                return marked;
            }
        }
        return null;
    }

    private static int line(JsonLocation at) {
        return at == null ? 0 : Math.max(0, at.getLineNr());
    }

    private static int column(JsonLocation at) {
        return at == null ? 0 : Math.max(0, at.getColumnNr());
    }

    // ---------------------------------------------------------------- YAML structure

    /**
     * What a YAML text may not hold, each located: a second document ("---" after the first one), and
     * anchors ({@code &m}) and aliases ({@code *m}), which are not supported (Jackson would read an
     * alias as the text of its name). Empty when the text holds one document without them, or when it
     * is malformed (the parse reports that).
     */
    public static List<Problem> yamlStructure(String source, String text) {
        List<Problem> problems = new ArrayList<>();
        LoaderOptions options = new LoaderOptions(); // the same limits as the parse, which reports them
        int documents = 0;
        Mark second = null; // the "---" of a second document, until its first value is seen
        try {
            for (Event event : new Yaml(options).parse(new StringReader(text))) {
                Mark at = event.getStartMark();
                if (second != null) {
                    // at the second document's first value, naming its "---" (at the "---" when it is empty)
                    boolean value = event instanceof NodeEvent && !(event instanceof org.yaml.snakeyaml.events.ScalarEvent scalar
                            && scalar.getValue().isEmpty() && scalar.getImplicit().canOmitTagInPlainScalar());
                    problems.add(at(source, value ? at : second, "a second YAML document (after the \"---\" on line "
                            + (second.getLine() + 1) + "): a file holds one document; remove the \"---\" and what follows it"));
                    second = null;
                }
                if (event instanceof DocumentStartEvent) {
                    documents++;
                    if (documents == 2) {
                        second = at;
                    }
                } else if (event instanceof AliasEvent alias) {
                    problems.add(at(source, at, "YAML aliases (*" + alias.getAnchor()
                            + ") are not supported: write the value out"));
                } else if (event instanceof NodeEvent node && node.getAnchor() != null) {
                    problems.add(at(source, at, "YAML anchors (&" + node.getAnchor()
                            + ") are not supported: write the value out where it is used"));
                }
            }
        } catch (YAMLException e) {
            // malformed: the parse says where
        }
        return problems;
    }

    private static Problem at(String source, Mark mark, String message) {
        return mark == null ? new Problem(source, "", 0, 0, message)
                : new Problem(source, "", mark.getLine() + 1, mark.getColumn() + 1, message);
    }
}
