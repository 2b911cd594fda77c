package org.alliancerules.sweep;

import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import org.alliancerules.io.InvalidInputException;
import org.alliancerules.io.Problem;
import org.alliancerules.io.TreeParser;

/**
 * A CSV snapshot: a header row naming the columns, then one merchant per row. The columns are the
 * contract's merchant fields; fields of the alliance, grade and metrics30d objects are columns named
 * {@code alliance.member}, {@code grade.level}, {@code metrics30d.complaintRate}, {@code ladder.violations},
 * {@code operating.returnRate}, ...; the lists {@code penalties}, {@code daily} and the P2 lists
 * ({@code licences}, {@code violations}, {@code products}, {@code orders}, {@code disputes}) are JSON arrays in
 * one column. Any subset of columns in any order;
 * an empty cell is an absent field. The table of columns is {@link #COLUMNS} (docs/contract.md lists it).
 */
public final class CsvSnapshot extends FileSnapshot {

    /** How a column's text becomes a JSON value; the schema then judges the value. */
    enum Kind { TEXT, BOOLEAN, NUMBER, JSON }

    /** Every column a snapshot may have, in the order docs/contract.md documents them. */
    static final Map<String, Kind> COLUMNS = new LinkedHashMap<>();

    static {
        COLUMNS.put("id", Kind.TEXT);
        COLUMNS.put("controllerId", Kind.TEXT);
        COLUMNS.put("shopType", Kind.TEXT);
        COLUMNS.put("category", Kind.TEXT);
        COLUMNS.put("onboardedOn", Kind.TEXT);
        COLUMNS.put("shopOpen", Kind.BOOLEAN);
        COLUMNS.put("accountNormal", Kind.BOOLEAN);
        COLUMNS.put("businessNormal", Kind.BOOLEAN);
        COLUMNS.put("brandQualified", Kind.BOOLEAN);
        COLUMNS.put("experienceScore", Kind.NUMBER);
        COLUMNS.put("lastWeekGmv", Kind.NUMBER);
        COLUMNS.put("penalties", Kind.JSON);
        COLUMNS.put("alliance.member", Kind.BOOLEAN);
        COLUMNS.put("alliance.admittedOn", Kind.TEXT);
        COLUMNS.put("alliance.closures", Kind.NUMBER);
        COLUMNS.put("alliance.closedOn", Kind.TEXT);
        COLUMNS.put("grade.level", Kind.NUMBER);
        COLUMNS.put("grade.lastChangedOn", Kind.TEXT);
        COLUMNS.put("grade.lv0Since", Kind.TEXT);
        COLUMNS.put("metrics30d.complaintRate", Kind.NUMBER);
        COLUMNS.put("metrics30d.productGoodRate", Kind.NUMBER);
        COLUMNS.put("metrics30d.serviceGoodRate", Kind.NUMBER);
        COLUMNS.put("metrics30d.avgDailyOrders", Kind.NUMBER);
        COLUMNS.put("metrics30d.avgDailyGmv", Kind.NUMBER);
        COLUMNS.put("daily", Kind.JSON);
        // the seed-003 profile's fields (P2, issue 14)
        COLUMNS.put("shopOpenedOn", Kind.TEXT);
        COLUMNS.put("genuineOrders", Kind.NUMBER);
        COLUMNS.put("licences", Kind.JSON);
        COLUMNS.put("rectified", Kind.BOOLEAN);
        COLUMNS.put("violations", Kind.JSON);
        COLUMNS.put("ladder.violations", Kind.NUMBER);
        COLUMNS.put("ladder.countedThrough", Kind.TEXT);
        COLUMNS.put("ladder.trafficLimitedUntil", Kind.TEXT);
        COLUMNS.put("ladder.closedUntil", Kind.TEXT);
        COLUMNS.put("ladder.removed", Kind.BOOLEAN);
        COLUMNS.put("operating.fulfilmentRate", Kind.NUMBER);
        COLUMNS.put("operating.returnRate", Kind.NUMBER);
        COLUMNS.put("operating.complaintHandlingHours", Kind.NUMBER);
        COLUMNS.put("products", Kind.JSON);
        COLUMNS.put("orders", Kind.JSON);
        COLUMNS.put("disputes", Kind.JSON);
    }

    /**
     * JSON columns whose empty list means something else than an absent one (an empty {@code products} list:
     * PRD-6 counts no new product; absent: no product rule applies). The writer writes {@code []} for them.
     */
    static final Set<String> EMPTY_LIST_MEANS_SOMETHING = Set.of("licences", "violations", "products", "orders", "disputes");

    private static final CsvMapper CSV = CsvMapper.builder().enable(CsvParser.Feature.WRAP_AS_ARRAY).build();
    private static final ObjectWriter ROW_WRITER = CSV.writerFor(String[].class)
            .with(CsvSchema.emptySchema().withLineSeparator(""));
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    public CsvSnapshot(Path file) {
        super(file);
    }

    @Override
    public Rows open() throws IOException {
        return read(false);
    }

    @Override
    public Rows scan() throws IOException {
        return read(true);
    }

    private Rows read(boolean scan) throws IOException {
        String source = name();
        Opened opened = openText();
        DigestInputStream digest = opened.bytes();
        BufferedReader reader = opened.text();
        MappingIterator<String[]> rows;
        String[] header;
        try {
            rows = CSV.readerFor(String[].class).readValues(reader);
            if (!rows.hasNext()) {
                reader.close();
                throw new InvalidInputException(List.of(new Problem(source, "", 1, 1,
                        "the CSV file is empty: it needs a header row naming its columns (id, ...)")));
            }
            header = rows.next();
        } catch (CharacterCodingException e) {
            reader.close();
            throw new InvalidInputException(List.of(new Problem(source, "", 1, 0, "the file is not UTF-8 text")));
        } catch (RuntimeException e) {
            if (e.getCause() instanceof JsonProcessingException j) {
                reader.close();
                throw new InvalidInputException(List.of(located(source, j, null)));
            }
            throw e;
        }
        Kind[] kinds = header(source, header);
        // a scan reads id and controllerId, and the whole row of a controlled shop whose penalties may be
        // severe (pass 1 validates those in full, for ADM-5); other cells are not converted
        int controller = java.util.Arrays.asList(header).indexOf("controllerId");
        int penalties = java.util.Arrays.asList(header).indexOf("penalties");
        Kind[] scanKinds = kinds.clone();
        for (int i = 0; i < scanKinds.length; i++) {
            if (i != controller && !header[i].equals("id")) {
                scanKinds[i] = null;
            }
        }
        return new Rows() {
            @Override
            public SnapshotRow next() throws IOException {
                int line;
                String[] cells;
                try {
                    do {
                        if (!rows.hasNextValue()) {
                            return null;
                        }
                        // the row's START_ARRAY token carries the previous token's location; the parser itself
                        // stands at the start of the row (the first line of a row whose cells span lines)
                        line = (int) Math.max(1, rows.getParser().currentLocation().getLineNr());
                        cells = rows.nextValue();
                    } while (cells.length == 1 && cells[0].isBlank()); // a blank line is no row (as in JSON Lines)
                } catch (CharacterCodingException e) {
                    throw new InvalidInputException(List.of(new Problem(source, "", 0, 0, "the file is not UTF-8 text")));
                } catch (JsonProcessingException e) {
                    throw new InvalidInputException(List.of(located(source, e, rows.getParser())));
                }
                boolean whole = !scan || (controller >= 0 && penalties >= 0 && cells.length == header.length
                        && !cells[controller].isEmpty() && cells[penalties].contains("true"));
                return row(source, line, header, whole ? kinds : scanKinds, cells);
            }

            @Override
            public byte[] digest() {
                return digest.getMessageDigest().digest();
            }

            @Override
            public void close() throws IOException {
                rows.close();
                reader.close();
            }
        };
    }

    private static Kind[] header(String source, String[] header) {
        List<Problem> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Kind[] kinds = new Kind[header.length];
        for (int i = 0; i < header.length; i++) {
            String name = header[i].strip();
            if (i == 0 && name.startsWith("\uFEFF")) {
                name = name.substring(1);
            }
            header[i] = name;
            kinds[i] = COLUMNS.get(name);
            if (kinds[i] == null) {
                problems.add(new Problem(source, "", 1, 0, "column " + (i + 1) + ": unknown column \"" + name
                        + "\" (the columns are " + String.join(", ", COLUMNS.keySet()) + ")"));
            } else if (!seen.add(name)) {
                problems.add(new Problem(source, "", 1, 0, "column " + (i + 1) + ": column \"" + name + "\" appears twice"));
            }
        }
        if (!seen.contains("id")) {
            problems.add(new Problem(source, "", 1, 0, "the header has no \"id\" column"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return kinds;
    }

    private static SnapshotRow row(String source, int line, String[] header, Kind[] kinds, String[] cells) {
        java.util.function.Supplier<String> raw = () -> {
            try {
                return ROW_WRITER.writeValueAsString(cells);
            } catch (JsonProcessingException e) {
                return String.join(",", cells);
            }
        };
        if (cells.length != header.length) {
            return new SnapshotRow(source, line, null, new Problem(source, "", line, 0,
                    "the row has " + cells.length + " cells, the header " + header.length + " columns"), raw);
        }
        ObjectNode merchant = NODES.objectNode();
        for (int i = 0; i < cells.length; i++) {
            String text = cells[i];
            if (text == null || text.isEmpty() || kinds[i] == null) {
                continue; // an empty cell is an absent field (no kind: a scan does not read the column)
            }
            JsonNode value;
            switch (kinds[i]) {
                case BOOLEAN -> value = "true".equalsIgnoreCase(text) ? NODES.booleanNode(true)
                        : "false".equalsIgnoreCase(text) ? NODES.booleanNode(false) : NODES.textNode(text);
                case NUMBER -> value = number(text);
                case JSON -> {
                    try {
                        value = TreeParser.jsonValue(source, text);
                    } catch (InvalidInputException e) {
                        Problem p = e.problems().get(0);
                        String message = p.message();
                        message = message.startsWith("malformed input: ")
                                ? "malformed JSON: " + message.substring("malformed input: ".length()) : message;
                        return new SnapshotRow(source, line, null, new Problem(source, "/" + header[i] + p.pointer(), line, 0,
                                "column " + header[i] + ": " + message), raw);
                    }
                }
                default -> value = NODES.textNode(text);
            }
            int dot = header[i].indexOf('.');
            if (dot < 0) {
                merchant.set(header[i], value);
            } else {
                ObjectNode parent = merchant.with(header[i].substring(0, dot));
                parent.set(header[i].substring(dot + 1), value);
            }
        }
        return new SnapshotRow(source, line, merchant, null, raw);
    }

    private static JsonNode number(String text) {
        String t = text.strip();
        try {
            BigDecimal n = new BigDecimal(t);
            if (n.scale() <= 0 && n.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) < 0) {
                return NODES.numberNode(n.longValueExact());
            }
            if (n.scale() <= 0 && t.indexOf('e') < 0 && t.indexOf('E') < 0) {
                return NODES.numberNode(n.toBigIntegerExact()); // beyond long: refused, as in JSON
            }
            // beyond a double's range this is Infinity, which the request checks refuse ("must be a finite number")
            return NODES.numberNode(Double.parseDouble(t));
        } catch (NumberFormatException | ArithmeticException e) {
            return NODES.textNode(text); // the schema says what it should have been
        }
    }

    private static Problem located(String source, JsonProcessingException e, com.fasterxml.jackson.core.JsonParser parser) {
        JsonLocation at = e.getLocation();
        if ((at == null || at.getLineNr() < 1) && parser != null) {
            at = parser.currentLocation(); // parser limits come without a location
        }
        String limit = TreeParser.limit(e.getOriginalMessage());
        return new Problem(source, "", at == null ? 0 : Math.max(0, at.getLineNr()),
                at == null ? 0 : Math.max(0, at.getColumnNr()),
                limit != null ? limit : "malformed CSV: " + JsonLinesSnapshot.clean(e.getOriginalMessage()).toLowerCase(Locale.ROOT));
    }
}
