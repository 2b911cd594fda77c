package org.alliancerules.diff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.alliancerules.cli.CommandRun;
import org.junit.jupiter.api.Test;

/**
 * {@code diff} of the default profile against v3 on the demo's first day (issue 14's done-when). The expected
 * matrix is read off the demo rows and the catalogue: under v3 (seed 003) there is no experience-score warning
 * and no grading (PR-29: the violation ladder replaces them), and admission asks other things (V3-ADM-1 score by
 * shop type, V3-ADM-2 orders and days of operation, V3-ADM-4 licences and an individual shop's categories).
 */
class DefaultVersusV3DiffTest {

    @Test
    void theDemoPopulationUnderDefaultAndV3() throws Exception {
        CommandRun run = CommandRun.of("diff", "examples/sweep/2026-11-20.csv", "--day", "2026-11-20",
                "--base", "default", "--candidate", "v3", "--format", "json");
        assertThat(run.code()).as(run.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(run.out());
        assertThat(report.get("merchants").asInt()).isEqualTo(10);
        assertThat(report.get("changed").asInt()).isEqualTo(4);
        List<String> rows = new ArrayList<>();
        for (JsonNode t : report.get("transitions")) {
            rows.add(t.get("from").asText() + " -> " + t.get("to").asText() + " " + t.get("count").asInt() + " " + t.get("samples"));
        }
        assertThat(rows).containsExactlyInAnyOrder(
                // m-new: individual FOOD shop, 3.9, unqualified brand, a penalty in May (ADM-3, ADM-4, ADM-6), and under
                // v3 3.9 < 4.2 (V3-ADM-1), no orders or days of operation given (V3-ADM-2), FOOD not general (V3-ADM-4);
                // m-sib1: 4.4, a severely penalised sibling (ADM-5), and under v3 no orders given and no FOOD licence
                "ADMISSION_DENIED -> ADMISSION_DENIED 2 [\"m-new\",\"m-sib1\"]",
                // m-road: a member at 3.7 < 3.8 is warned under CHK-1; v3 has no score warning
                "ALLIANCE_WARNING -> NONE 1 [\"m-road\"]",
                // m-fresh: a fresh-produce merchant upgraded under GRD-3; v3 has no grading
                "GRADE_UP -> NONE 1 [\"m-fresh\"]");
        JsonNode denied = report.get("transitions").findParents("from").stream()
                .filter(t -> t.get("from").asText().equals("ADMISSION_DENIED")).findFirst().orElseThrow();
        List<String> clauses = new ArrayList<>();
        denied.get("clauses").forEach(c -> clauses.add(c.asText()));
        assertThat(clauses).containsExactlyInAnyOrder("ADM-3", "ADM-4", "ADM-5", "ADM-6", "V3-ADM-1", "V3-ADM-2", "V3-ADM-4");
    }
}
