package org.alliancerules.io;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Where each value of a parsed document starts: JSON pointer to 1-based line and column. Built by
 * walking the document with a streaming parser, so it works for JSON and YAML alike. Immutable.
 */
public final class LineIndex implements Function<String, int[]> {

    /** An index that knows no positions: every lookup answers {0, 0}. */
    public static final LineIndex NONE = new LineIndex(Map.of(), "");

    private final Map<String, int[]> positions;
    private final String prefix;

    private LineIndex(Map<String, int[]> positions, String prefix) {
        this.positions = positions;
        this.prefix = prefix;
    }

    /**
     * Reads the whole document from {@code parser} (positioned before its first token) and records
     * the position of every value.
     *
     * @throws IOException when the document is malformed
     */
    public static LineIndex of(JsonParser parser) throws IOException {
        Map<String, int[]> positions = new HashMap<>();
        if (parser.nextToken() != null) {
            walk(parser, "", positions);
        }
        return new LineIndex(positions, "");
    }

    /** An index of positions already recorded (pointer to {line, column}), e.g. by {@link TreeParser#value}. */
    public static LineIndex of(Map<String, int[]> positions) {
        return new LineIndex(positions, ""); // the caller hands the map over
    }

    private static void walk(JsonParser parser, String pointer, Map<String, int[]> positions) throws IOException {
        JsonLocation at = parser.currentTokenLocation();
        positions.put(pointer, new int[] {Math.max(at.getLineNr(), 0), Math.max(at.getColumnNr(), 0)});
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT) {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                walk(parser, pointer + "/" + escape(name), positions);
            }
        } else if (token == JsonToken.START_ARRAY) {
            int index = 0;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                walk(parser, pointer + "/" + index++, positions);
            }
        }
    }

    /** Escapes one reference token of a JSON pointer (RFC 6901): "~" as "~0", "/" as "~1". */
    public static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    /**
     * The view of this index for the value at {@code pointer}: pointers given to the view are relative
     * to that value. This is how a request embedded in a bigger document (a fixture case) is located.
     */
    public LineIndex under(String pointer) {
        return pointer == null || pointer.isEmpty() ? this : new LineIndex(positions, prefix + pointer);
    }

    /**
     * {line, column} of the value at {@code pointer}, or of its nearest ancestor that is known;
     * {0, 0} when nothing is known.
     */
    public int[] locate(String pointer) {
        String path = prefix + (pointer == null ? "" : pointer);
        while (true) {
            int[] position = positions.get(path);
            if (position != null) {
                return position.clone();
            }
            int slash = path.lastIndexOf('/');
            if (slash < 0) {
                return new int[] {0, 0};
            }
            path = path.substring(0, slash);
        }
    }

    /** Suffix of the entry holding where a property's key is, when its value (a YAML block) starts on another line. */
    static final String KEY = "\u0000key";

    /**
     * {line, column} of the key of the property at {@code pointer} when its value is a block that starts
     * on a later line (YAML), else as {@link #locate(String)}: where an unknown or misplaced property is
     * reported.
     */
    public int[] locateKey(String pointer) {
        int[] key = positions.get(prefix + (pointer == null ? "" : pointer) + KEY);
        return key != null ? key.clone() : locate(pointer);
    }

    /** Same as {@link #locate(String)}. */
    @Override
    public int[] apply(String pointer) {
        return locate(pointer);
    }
}
