package org.alliancerules.sweep;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.alliancerules.io.InvalidInputException;
import org.alliancerules.io.Problem;
import org.alliancerules.io.TreeParser;

/** A JSON Lines snapshot: one interchange merchant object per line; blank lines are skipped. */
public final class JsonLinesSnapshot extends FileSnapshot {

    public JsonLinesSnapshot(Path file) {
        super(file);
    }

    @Override
    public Rows open() throws IOException {
        Opened opened = openText();
        DigestInputStream digest = opened.bytes();
        BufferedReader reader = opened.text();
        String source = name();
        return new Rows() {
            int line;

            @Override
            public SnapshotRow next() throws IOException {
                String text;
                do {
                    try {
                        text = reader.readLine();
                    } catch (CharacterCodingException e) {
                        throw new InvalidInputException(List.of(new Problem(source, "", line + 1, 0,
                                "the file is not UTF-8 text")));
                    }
                    if (text == null) {
                        return null;
                    }
                    line++;
                    if (line == 1 && text.startsWith("\uFEFF")) {
                        text = text.substring(1);
                    }
                } while (text.isBlank());
                String raw = text;
                try {
                    JsonNode node = TreeParser.jsonValue(source, text);
                    if (node instanceof ObjectNode merchant) {
                        return new SnapshotRow(source, line, merchant, null, () -> raw);
                    }
                    return new SnapshotRow(source, line, null, new Problem(source, "", line, 1,
                            "a JSON Lines row is one merchant object, got " + kind(node)), () -> raw);
                } catch (InvalidInputException e) {
                    Problem p = e.problems().get(0);
                    // "malformed input: ..." of a file is "malformed JSON: ..." of a row; limits keep their words
                    String message = p.message().startsWith("malformed input: ")
                            ? "malformed JSON: " + p.message().substring("malformed input: ".length()) : p.message();
                    return new SnapshotRow(source, line, null, new Problem(source, p.pointer(), line, p.column(), message), () -> raw);
                }
            }

            @Override
            public byte[] digest() {
                return digest.getMessageDigest().digest();
            }

            @Override
            public void close() throws IOException {
                reader.close();
            }
        };
    }

    private static String kind(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        return node.isArray() ? "an array" : node.isTextual() ? "a string" : node.isNumber() ? "a number" : node.toString();
    }

    /** Jackson's message on one line, without its source description. */
    static String clean(String message) {
        return TreeParser.clean(message);
    }
}
