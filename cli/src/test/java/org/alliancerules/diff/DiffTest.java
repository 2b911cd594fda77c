package org.alliancerules.diff;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import org.alliancerules.bench.Oracle;
import org.alliancerules.bench.PopulationGenerator;
import org.alliancerules.cli.CommandRun;
import org.alliancerules.io.Json;
import org.alliancerules.model.DecisionView;
import org.alliancerules.model.EvaluationRequest;
import org.alliancerules.model.MerchantInput;
import org.alliancerules.model.MerchantResult;
import org.alliancerules.policy.Policy;
import org.alliancerules.policy.PolicySet;
import org.alliancerules.store.Store;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code diff}: what a change of policy or rules does to a population. The expected transitions are computed
 * from the population's inputs and the spec's clauses (ADM-3: score >= admission.minScore; ADM-8: admitted
 * when no admission clause fails), never from what the engine printed for the candidate.
 */
class DiffTest {

    /** The seeded population: the bench's generator, as {@code bench --write-snapshot} writes it. */
    static final long SEED = 20261122L;
    static final int MERCHANTS = 4_000;
    static final LocalDate AS_OF = PopulationGenerator.DEFAULT_AS_OF;

    @TempDir
    static Path dir;
    static Path snapshot;
    static Path request;
    /** The default profile with admission.minScore raised from 4.0 to 4.2, and nothing else changed. */
    static Path raised;
    static List<MerchantInput> population;
    static Policy defaultPolicy;

    @BeforeAll
    static void population() throws IOException {
        snapshot = dir.resolve("population.csv");
        request = dir.resolve("population.json");
        assertThat(run("bench", "--merchants", "" + MERCHANTS, "--seed", "" + SEED, "--write-snapshot", snapshot.toString()).code()).isZero();
        assertThat(run("bench", "--merchants", "" + MERCHANTS, "--seed", "" + SEED, "--write-request", request.toString()).code()).isZero();
        defaultPolicy = PolicySet.fromClasspath().find("default");
        population = new PopulationGenerator(defaultPolicy, AS_OF).merchants(SEED, MERCHANTS);
        raised = dir.resolve("min-score-4.2.yaml");
        Files.writeString(raised, withMinScore42(Files.readString(Path.of("rules/policy/default.yaml"))));
    }

    static String withMinScore42(String policy) {
        String changed = policy.replaceFirst("(?m)^  minScore: 4\\.0\\b", "  minScore: 4.2");
        assertThat(changed).as("the default policy's admission.minScore is 4.0").isNotEqualTo(policy);
        return changed;
    }

    static CommandRun run(String... args) {
        return CommandRun.of(args);
    }

    static JsonNode json(CommandRun r) throws IOException {
        assertThat(r.code()).as(r.err()).isZero();
        return Json.jsonMapper().readTree(r.out());
    }

    static JsonNode transition(JsonNode report, String from, String to) {
        for (JsonNode t : report.get("transitions")) {
            if (t.get("from").asText().equals(from) && t.get("to").asText().equals(to)) {
                return t;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- the done-when

    @Test
    void raisingTheAdmissionScoreTo42DeniesExactlyTheAdmittedMerchantsScoringFrom40To42() throws IOException {
        JsonNode report = json(run("diff", snapshot.toString(), "--day", AS_OF.toString(), "--base", "default",
                "--candidate", raised.toString(), "--format", "json", "--samples", "5"));

        // merchants admitted under the base (the independent oracle on the inputs), by their outcome
        EvaluationResultIndex base = new EvaluationResultIndex(new Oracle(defaultPolicy)
                .evaluate(new EvaluationRequest(AS_OF, "default", population)).results());
        List<String> admittedAt40To42 = new ArrayList<>(); // outcome exactly ADMITTED
        long allAdmittedAt40To42 = 0; // ADMITTED with whatever else (grading) happened to them
        for (MerchantInput m : population) {
            Double score = m.experienceScore();
            if (score == null || score < 4.0 || score >= 4.2 || !base.types(m.id()).contains("ADMITTED")) {
                continue;
            }
            allAdmittedAt40To42++;
            if (base.types(m.id()).equals(Set.of("ADMITTED"))) {
                admittedAt40To42.add(m.id());
            }
        }
        assertThat(admittedAt40To42).as("the generated population has such merchants").hasSizeGreaterThan(20);

        JsonNode t = transition(report, "ADMITTED", "ADMISSION_DENIED");
        assertThat(t).as("an ADMITTED -> ADMISSION_DENIED transition").isNotNull();
        assertThat(t.get("count").asLong()).isEqualTo(admittedAt40To42.size());
        // the clause that denies them is ADM-3 (and the admission they lose was ADM-8's)
        assertThat(t.get("added")).hasSize(1);
        assertThat(t.get("added").get(0).get("type").asText()).isEqualTo("ADMISSION_DENIED");
        assertThat(t.get("added").get(0).get("clause").asText()).isEqualTo("ADM-3");
        assertThat(t.get("added").get(0).get("count").asLong()).isEqualTo(admittedAt40To42.size());
        assertThat(t.get("removed").get(0).get("clause").asText()).isEqualTo("ADM-8");
        assertThat(texts(t.get("clauses"))).containsExactly("ADM-3", "ADM-8");
        // samples: the first five in input order
        assertThat(texts(t.get("samples"))).containsExactlyElementsOf(admittedAt40To42.subList(0, 5));

        // every admitted merchant scoring in [4.0, 4.2) moves to a denial, whatever else happened to it
        long admittedToDenied = 0;
        for (JsonNode x : report.get("transitions")) {
            if (x.get("from").asText().contains("ADMITTED") && x.get("to").asText().contains("ADMISSION_DENIED")) {
                admittedToDenied += x.get("count").asLong();
            }
            // only admission.minScore changed: the candidate adds no decision but ADM-3's denial
            for (JsonNode added : x.get("added")) {
                assertThat(added.get("clause").asText()).isEqualTo("ADM-3");
            }
        }
        assertThat(admittedToDenied).isEqualTo(allAdmittedAt40To42);
        // and a denied merchant scoring in [4.0, 4.2) is denied once more, by ADM-3: a change of clause
        long deniedAt40To42 = population.stream().filter(m -> m.experienceScore() != null && m.experienceScore() >= 4.0
                && m.experienceScore() < 4.2 && base.types(m.id()).contains("ADMISSION_DENIED")).count();
        assertThat(report.get("changed").asLong()).isEqualTo(allAdmittedAt40To42 + deniedAt40To42);
        assertThat(report.get("merchants").asLong()).isEqualTo(MERCHANTS);
    }

    /** Decision types per merchant of a result. */
    record EvaluationResultIndex(Map<String, Set<String>> byId) {
        EvaluationResultIndex(List<MerchantResult> results) {
            this(index(results));
        }

        private static Map<String, Set<String>> index(List<MerchantResult> results) {
            Map<String, Set<String>> out = new java.util.HashMap<>();
            for (MerchantResult r : results) {
                Set<String> types = new TreeSet<>();
                for (DecisionView d : r.decisions()) {
                    types.add(d.type());
                }
                out.put(r.merchantId(), types);
            }
            return out;
        }

        Set<String> types(String id) {
            return byId.getOrDefault(id, Set.of());
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    // ---------------------------------------------------------------- the forms of a side and of a population

    @Test
    void identicalSidesChangeNothing() throws IOException {
        for (String[] sides : List.of(new String[] {"default", "default"},
                new String[] {"default", "rules/policy/default.yaml"},
                new String[] {"rules", "default@2022-12-30"})) {
            JsonNode report = json(run("diff", request.toString(), "--base", sides[0], "--candidate", sides[1],
                    "--format", "json"));
            assertThat(report.get("merchants").asLong()).isEqualTo(MERCHANTS);
            assertThat(report.get("changed").asLong()).as(String.join(" vs ", sides)).isZero();
            assertThat(report.get("transitions")).isEmpty();
            assertThat(report.get("base").get("decisions")).isEqualTo(report.get("candidate").get("decisions"));
        }
        CommandRun text = run("diff", request.toString(), "--base", "default", "--candidate", "default");
        assertThat(text.code()).isZero();
        assertThat(text.out()).contains("changed:   0 merchants").contains("no merchant changed");
    }

    @Test
    void aRulesDirectorySideIsItsDrlAndItsPolicies(@TempDir Path copy) throws IOException {
        Path rules = copy.resolve("rules");
        copyTree(Path.of("rules"), rules);
        Path policy = rules.resolve("policy/default.yaml");
        Files.writeString(policy, withMinScore42(Files.readString(policy)));
        JsonNode byDirectory = json(run("diff", request.toString(), "--base", "rules", "--candidate", rules.toString(),
                "--format", "json"));
        JsonNode byFile = json(run("diff", request.toString(), "--base", "default", "--candidate", raised.toString(),
                "--format", "json"));
        assertThat(byDirectory.get("candidate").get("kind").asText()).isEqualTo("rules-directory");
        assertThat(byDirectory.get("candidate").get("rules").asText()).isEqualTo(rules.toString());
        assertThat(byDirectory.get("base").get("kind").asText()).isEqualTo("rules-directory");
        assertThat(byFile.get("candidate").get("kind").asText()).isEqualTo("policy-file");
        assertThat(byDirectory.get("changed").asLong()).isPositive();
        assertThat(byDirectory.get("transitions")).isEqualTo(byFile.get("transitions"));
    }

    @Test
    void aRequestAndTheSnapshotOfTheSameMerchantsDiffAlike() throws IOException {
        JsonNode fromRequest = json(run("diff", request.toString(), "--base", "default", "--candidate", raised.toString(),
                "--format", "json"));
        JsonNode fromSnapshot = json(run("diff", snapshot.toString(), "--day", AS_OF.toString(), "--base", "default",
                "--candidate", raised.toString(), "--format", "json", "--batch-size", "333", "--threads", "1"));
        assertThat(fromRequest.get("transitions")).isEqualTo(fromSnapshot.get("transitions"));
        assertThat(fromRequest.get("base").get("decisions")).isEqualTo(fromSnapshot.get("base").get("decisions"));
        assertThat(fromRequest.get("population").get("kind").asText()).isEqualTo("request");
        assertThat(fromSnapshot.get("population").get("kind").asText()).isEqualTo("snapshot");
    }

    @Test
    void aSweptDayIsReadFromTheStoreWithTheStateBeforeIt(@TempDir Path storeDir) throws IOException {
        String url = Store.sqliteUrl(storeDir.resolve("store"));
        Path day1 = storeDir.resolve("2026-11-20.csv");
        Path day2 = storeDir.resolve("2026-11-21.csv");
        Files.copy(Path.of("examples/sweep/2026-11-20.csv"), day1);
        // the day's snapshot says m-ok-1 is not a member; the store (day 1) says it is: the store is the source of truth
        String row = "m-ok-1,,ENTERPRISE,FOOD,2021-01-01,true,true,true,true,4.25,,true,2024-01-01,0,";
        String sample = Files.readString(Path.of("examples/sweep/2026-11-21.csv"));
        assertThat(sample).contains(row);
        Files.writeString(day2, sample.replace(row, "m-ok-1,,ENTERPRISE,FOOD,2021-01-01,true,true,true,true,4.25,,false,,0,"));
        assertThat(run("sweep", "--db", url, "--day", "2026-11-20", day1.toString()).code()).isZero();
        assertThat(run("sweep", "--db", url, "--day", "2026-11-21", day2.toString()).code()).isZero();
        Path proposal = Path.of("examples/diff/warning-below-4.3.yaml");

        JsonNode fromStore = json(run("diff", "--db", url, "--day", "2026-11-21", "--base", "default",
                "--candidate", proposal.toString(), "--format", "json"));
        JsonNode explicit = json(run("diff", day2.toString(), "--day", "2026-11-21", "--db", url, "--base", "default",
                "--candidate", proposal.toString(), "--format", "json"));
        assertThat(fromStore.get("population").get("kind").asText()).isEqualTo("store-day");
        assertThat(fromStore.get("population").get("source").asText()).isEqualTo(day2.toString());
        assertThat(fromStore.get("merchants").asLong()).isEqualTo(10);
        assertThat(fromStore.get("transitions")).isEqualTo(explicit.get("transitions"));
        assertThat(fromStore.get("base").get("decisions")).isEqualTo(explicit.get("base").get("decisions"));
        // CHK-1 with warningBelow 4.3: a member scoring 4.25 (m-ok-1) is warned, and nobody else changes
        JsonNode warned = transition(fromStore, "NONE", "ALLIANCE_WARNING");
        assertThat(warned).isNotNull();
        assertThat(texts(warned.get("samples"))).contains("m-ok-1");
        assertThat(texts(warned.get("clauses"))).containsExactly("CHK-1");

        // without the store, the row's own state: m-ok-1 is a non-member, admitted under both sides (score 4.25 >= 4.0)
        JsonNode rowsOnly = json(run("diff", day2.toString(), "--day", "2026-11-21", "--base", "default",
                "--candidate", proposal.toString(), "--format", "json"));
        JsonNode rowWarned = transition(rowsOnly, "NONE", "ALLIANCE_WARNING");
        assertThat(rowWarned == null ? List.of() : texts(rowWarned.get("samples"))).doesNotContain("m-ok-1");

        // a day not swept, a changed snapshot and a missing one are refused, naming what is wrong
        CommandRun notSwept = run("diff", "--db", url, "--day", "2026-11-22", "--base", "default", "--candidate", "default");
        assertThat(notSwept.code()).isEqualTo(2);
        assertThat(notSwept.err()).contains("--day: 2026-11-22 has no committed sweep").contains("2026-11-21");
        Files.writeString(day2, Files.readString(day2).replace("4.25,", "4.26,"));
        CommandRun changed = run("diff", "--db", url, "--day", "2026-11-21", "--base", "default", "--candidate", "default");
        assertThat(changed.code()).isEqualTo(2);
        assertThat(changed.out()).isEmpty();
        assertThat(changed.err()).contains(day2.toString()).contains("changed since run").contains("SHA-256");
        Files.delete(day2);
        CommandRun missing = run("diff", "--db", url, "--day", "2026-11-21", "--base", "default", "--candidate", "default");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains(day2 + ": no such file");
    }

    @Test
    void aNamedPolicyIsEvaluatedBeforeItTakesEffect() throws IOException {
        // the analyst's case: next month's version, asked about today's merchants
        Path next = dir.resolve("default-2026-12-01.yaml");
        String text = Files.readString(raised).replaceFirst("(?m)^effectiveFrom: .*$", "effectiveFrom: 2026-12-01");
        assertThat(text).contains("effectiveFrom: 2026-12-01");
        Files.writeString(next, text);
        JsonNode future = json(run("diff", request.toString(), "--base", "default", "--candidate", next.toString(),
                "--format", "json"));
        JsonNode now = json(run("diff", request.toString(), "--base", "default", "--candidate", raised.toString(),
                "--format", "json"));
        assertThat(future.get("candidate").get("effectiveFrom").asText()).isEqualTo("2026-12-01");
        assertThat(future.get("candidate").get("beforeEffect").asBoolean()).isTrue();
        assertThat(now.get("candidate").get("beforeEffect").asBoolean()).isFalse();
        assertThat(future.get("base").get("beforeEffect").asBoolean()).isFalse();
        assertThat(future.get("transitions")).isEqualTo(now.get("transitions"));
        CommandRun text2 = run("diff", request.toString(), "--base", "default", "--candidate", next.toString());
        assertThat(text2.out()).contains("(takes effect on 2026-12-01: evaluated as if in force)");
    }

    // ---------------------------------------------------------------- bad input

    @Test
    void badSpecsAreLocatedAtTheirOptionAndAllReportedAtOnce() {
        CommandRun r = run("diff", request.toString(), "--base", "nonsense!", "--candidate", dir.resolve("missing.yaml").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("--base: 'nonsense!'").contains("a policy file (*.yaml or *.yml)")
                .contains("a rules directory").contains("profile").contains("--candidate: '" + dir.resolve("missing.yaml"))
                .contains("no such policy file").doesNotContain("Exception");

        CommandRun unknownProfile = run("diff", request.toString(), "--base", "default", "--candidate", "nope");
        assertThat(unknownProfile.code()).isEqualTo(2);
        assertThat(unknownProfile.err()).contains("--candidate: 'nope'").contains("profiles: default");

        CommandRun version = run("diff", request.toString(), "--base", "default@2001-01-01", "--candidate", "default");
        assertThat(version.code()).isEqualTo(2);
        assertThat(version.err()).contains("--base: 'default@2001-01-01'").contains("default@2022-12-30");
    }

    @Test
    void aBrokenPolicyIsBadInputAndBrokenRulesAreRulesBroken(@TempDir Path tmp) throws IOException {
        Path badPolicy = tmp.resolve("bad.yaml");
        Files.writeString(badPolicy, Files.readString(Path.of("rules/policy/default.yaml"))
                .replaceFirst("(?m)^  minScore: 4\\.0\\b", "  minScore: nine"));
        CommandRun policy = run("diff", request.toString(), "--base", "default", "--candidate", badPolicy.toString());
        assertThat(policy.code()).isEqualTo(2);
        assertThat(policy.err()).contains("bad.yaml").contains("minScore");

        Path rules = tmp.resolve("rules");
        copyTree(Path.of("rules"), rules);
        Path drl = rules.resolve("admission.drl");
        Files.writeString(drl, Files.readString(drl).replace("experienceScore < admission.minScore()", "experienceScore <<< admission"));
        CommandRun broken = run("diff", request.toString(), "--base", "default", "--candidate", rules.toString());
        assertThat(broken.code()).isEqualTo(3);
        assertThat(broken.out()).isEmpty();
        assertThat(broken.err()).contains("admission.drl:");
    }

    // ---------------------------------------------------------------- output

    @Test
    void jsonHasTheDocumentedShape() throws IOException {
        JsonNode report = json(run("diff", request.toString(), "--base", "default", "--candidate", raised.toString(),
                "--format", "json", "--samples", "2"));
        assertThat(fieldNames(report)).contains("merchants", "changed", "base", "candidate", "transitions", "population");
        assertThat(fieldNames(report.get("base"))).contains("spec", "kind", "policy", "rules", "rulesSha256", "decisions");
        assertThat(report.get("base").get("policy").asText()).isEqualTo("default@2022-12-30");
        assertThat(report.get("base").get("rulesSha256").asText()).matches("[0-9a-f]{64}");
        long sum = 0;
        for (JsonNode t : report.get("transitions")) {
            assertThat(fieldNames(t)).contains("from", "to", "count", "clauses", "samples");
            assertThat(t.get("samples").size()).isLessThanOrEqualTo(2);
            sum += t.get("count").asLong();
        }
        assertThat(sum).isEqualTo(report.get("changed").asLong());
    }

    @Test
    void csvHasOneRowPerTransitionAndOutputCanGoToAFile(@TempDir Path out) throws IOException {
        JsonNode report = json(run("diff", request.toString(), "--base", "default", "--candidate", raised.toString(),
                "--format", "json"));
        Path file = out.resolve("sub/diff.csv");
        CommandRun csv = run("diff", request.toString(), "--base", "default", "--candidate", raised.toString(),
                "--format", "csv", "-o", file.toString());
        assertThat(csv.code()).as(csv.err()).isZero();
        assertThat(csv.out()).isEmpty();
        List<Map<String, String>> rows = new ArrayList<>();
        try (MappingIterator<Map<String, String>> it = new CsvMapper().readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(file.toFile())) {
            it.forEachRemaining(rows::add);
        }
        assertThat(rows).hasSize(report.get("transitions").size());
        assertThat(rows.get(0).keySet()).containsExactly("from", "to", "count", "clauses", "removed", "added", "samples");
        JsonNode first = report.get("transitions").get(0);
        assertThat(rows.get(0).get("from")).isEqualTo(first.get("from").asText());
        assertThat(rows.get(0).get("count")).isEqualTo(first.get("count").asText());
        assertThat(rows.get(0).get("samples")).isEqualTo(String.join("; ", texts(first.get("samples"))));
    }

    @Test
    void theTextNamesBothSidesAndTheTransitions() {
        CommandRun r = run("diff", request.toString(), "--base", "default", "--candidate", raised.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("base:      default (profile): policy default@2022-12-30, rules packaged sha256 ")
                .contains("candidate: " + raised + " (policy-file)")
                .contains("FROM (base)").contains("TO (candidate)")
                .containsPattern("ADMITTED +ADMISSION_DENIED +[0-9,]+  ADM-3, ADM-8")
                .contains("+ ADMISSION_DENIED ADM-3").contains("- ADMITTED ADM-8").contains("samples: ");
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new LinkedHashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
