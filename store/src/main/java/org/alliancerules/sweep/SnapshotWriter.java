package org.alliancerules.sweep;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import org.alliancerules.io.Json;
import org.alliancerules.model.MerchantInput;

/**
 * Writes merchants as a sweep snapshot, CSV (every column of {@link CsvSnapshot#COLUMNS}) or JSON Lines
 * by the file's extension: for generated test populations and for converting requests.
 */
public final class SnapshotWriter implements AutoCloseable {

    private static final ObjectMapper JSON = Json.jsonMapper().copy()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(SerializationFeature.INDENT_OUTPUT);

    private final BufferedWriter out;
    private final SequenceWriter csv;

    public SnapshotWriter(Path file) throws IOException {
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")) {
            CsvSchema.Builder schema = CsvSchema.builder();
            CsvSnapshot.COLUMNS.keySet().forEach(schema::addColumn);
            this.csv = new CsvMapper().writerFor(String[].class).with(schema.build().withHeader()).writeValues(out);
        } else {
            this.csv = null;
        }
    }

    public void write(MerchantInput m) throws IOException {
        JsonNode node = JSON.valueToTree(m);
        if (csv == null) {
            out.write(JSON.writeValueAsString(node));
            out.write('\n');
            return;
        }
        String[] cells = new String[CsvSnapshot.COLUMNS.size()];
        int i = 0;
        for (var column : CsvSnapshot.COLUMNS.entrySet()) {
            String name = column.getKey();
            int dot = name.indexOf('.');
            JsonNode v = dot < 0 ? node.get(name) : node.path(name.substring(0, dot)).get(name.substring(dot + 1));
            if (v == null || v.isNull()
                    || (v.isArray() && v.isEmpty() && !CsvSnapshot.EMPTY_LIST_MEANS_SOMETHING.contains(name))) {
                cells[i++] = "";
            } else if (column.getValue() == CsvSnapshot.Kind.JSON) {
                cells[i++] = JSON.writeValueAsString(v);
            } else {
                cells[i++] = v.asText();
            }
        }
        csv.write(cells);
    }

    @Override
    public void close() throws IOException {
        if (csv != null) {
            csv.close();
        }
        out.close();
    }
}
