package org.alliancerules.engine;

import org.alliancerules.cli.CommandRun;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.alliancerules.io.InvalidInputException;
import org.alliancerules.io.Problem;
import org.alliancerules.model.AllianceState;
import org.alliancerules.model.ContactQuery;
import org.alliancerules.model.ContactRequestInput;
import org.alliancerules.model.ContactResult;
import org.alliancerules.model.ConversationInput;
import org.alliancerules.model.CreatorInput;
import org.alliancerules.model.EvaluationRequest;
import org.alliancerules.model.EvaluationResult;
import org.alliancerules.model.MerchantInput;
import org.alliancerules.model.PartyInput;
import org.alliancerules.model.PartyRef;
import org.alliancerules.model.WeekUsageInput;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one-request API of the messaging tool ({@link RulesEngine#decideContact}): a host application decides one
 * contact request at a time, with the same rules and policy as {@code evaluate} (numbers: rules/policy/default.yaml,
 * merchant tier from 100000 yuan: 80 conversations and 40 views a week).
 */
class ContactApiTest {

    static RulesEngine engine;

    static final PartyRef MERCHANT = new PartyRef("MERCHANT", "m-1001");
    static final PartyRef CREATOR = new PartyRef("CREATOR", "cr-9");
    static final LocalDate WEEK = LocalDate.of(2026, 11, 23);

    @BeforeAll
    static void build() {
        engine = RulesEngine.builder().rulesDirectory(java.nio.file.Path.of("rules")).build();
    }

    static ContactRequestInput request(String id, String at, String action, PartyRef from, PartyRef to) {
        return new ContactRequestInput(id, OffsetDateTime.parse(at), action, from, to);
    }

    static ContactQuery merchantOpens(int usedThisWeek, boolean conversationExists) {
        return new ContactQuery(null, request("r-1", "2026-11-25T10:15:00+08:00", "OPEN_CONVERSATION", MERCHANT, CREATOR),
                ContactQuery.Sender.merchant(true, 182000.0), conversationExists,
                new WeekUsageInput(MERCHANT, WEEK, usedThisWeek, null, 3));
    }

    @Test
    void aMemberOpeningANewConversationIsAllowedAndCounted() {
        ContactResult r = engine.decideContact(merchantOpens(12, false));

        assertThat(r.requestId()).isEqualTo("r-1");
        assertThat(r.type()).isEqualTo("CONTACT_ALLOWED");
        assertThat(r.clause()).isEqualTo("IMQ-2");
        assertThat(r.counted()).isTrue();
        assertThat(r.quota()).isEqualTo(80);
        assertThat(r.used()).isEqualTo(13);
        assertThat(r.remaining()).isEqualTo(67);
        assertThat(r.weekStart()).isEqualTo(WEEK);
    }

    @Test
    void theFirstRequestOverTheQuotaIsRefusedWithTheTierAndTheQuota() {
        ContactResult r = engine.decideContact(merchantOpens(80, false));

        assertThat(r.type()).isEqualTo("CONTACT_REFUSED");
        assertThat(r.clause()).isEqualTo("IMQ-2");
        assertThat(r.counted()).isFalse();
        assertThat(r.remaining()).isZero();
        assertThat(r.reason()).contains("GMV 100000.00 to under 500000.00 yuan").contains("80 new conversations a week")
                .contains("80 used").contains("week of 2026-11-23");
    }

    @Test
    void reopeningAnExistingConversationIsAllowedWithoutCountingEvenWithTheQuotaSpent() {
        ContactResult r = engine.decideContact(merchantOpens(80, true));

        assertThat(r.type()).isEqualTo("CONTACT_ALLOWED");
        assertThat(r.counted()).isFalse();
        assertThat(r.used()).isEqualTo(80);
    }

    @Test
    void usageOfAnEarlierWeekLeavesThisWeeksQuotaWhole() {
        ContactQuery q = new ContactQuery(null, request("r-1", "2026-11-30T00:00:00+08:00", "OPEN_CONVERSATION", MERCHANT, CREATOR),
                ContactQuery.Sender.merchant(true, 182000.0), false, new WeekUsageInput(MERCHANT, WEEK, 80, null, 40));

        ContactResult r = engine.decideContact(q);

        assertThat(r.type()).isEqualTo("CONTACT_ALLOWED");
        assertThat(r.weekStart()).isEqualTo(LocalDate.of(2026, 11, 30));
        assertThat(r.remaining()).isEqualTo(79);
    }

    @Test
    void aMerchantThatIsNotAMemberIsRefusedUnderImq1() {
        ContactQuery q = new ContactQuery(null, request("r-1", "2026-11-25T10:15:00+08:00", "VIEW_CONTACT", MERCHANT, CREATOR),
                ContactQuery.Sender.merchant(false, 182000.0), false, null);

        ContactResult r = engine.decideContact(q);

        assertThat(r.type()).isEqualTo("CONTACT_REFUSED");
        assertThat(r.clause()).isEqualTo("IMQ-1");
        assertThat(r.remaining()).isNull();
        assertThat(r.reason()).contains("not an alliance member");
    }

    @Test
    void creatorToCreatorIsRefusedUnderImq6() {
        ContactQuery q = new ContactQuery(null, request("r-1", "2026-11-25T10:15:00+08:00", "OPEN_CONVERSATION", CREATOR,
                new PartyRef("CREATOR", "cr-2")), ContactQuery.Sender.creator(5), false, null);

        ContactResult r = engine.decideContact(q);

        assertThat(r.type()).isEqualTo("CONTACT_REFUSED");
        assertThat(r.clause()).isEqualTo("IMQ-6");
    }

    @Test
    void aTeamLeaderHasItsFixedCap() {
        PartyRef leader = new PartyRef("TEAM_LEADER", "tl-1");
        ContactQuery q = new ContactQuery(null, request("r-1", "2026-11-25T10:15:00+08:00", "OPEN_CONVERSATION", leader, MERCHANT),
                ContactQuery.Sender.other(), false, new WeekUsageInput(leader, WEEK, 0, 499, 0));

        ContactResult r = engine.decideContact(q);

        assertThat(r.clause()).isEqualTo("IMQ-5");
        assertThat(r.quota()).isEqualTo(500);
        assertThat(r.remaining()).isZero();
    }

    /** The one-request answer is the batch answer for the same single request. */
    @Test
    void decidesAsEvaluateDoesForTheSameRequest() {
        for (int used : new int[] {0, 12, 79, 80, 95}) {
            for (boolean exists : new boolean[] {false, true}) {
                ContactQuery q = merchantOpens(used, exists);
                ContactResult one = engine.decideContact(q);
                EvaluationRequest batch = new EvaluationRequest(LocalDate.of(2026, 11, 25), null,
                        List.of(new MerchantInput("m-1001", null, null, "APPAREL", null, null, null, null, null, null, null,
                                new AllianceState(true, null, 0, null), null, null, null, 182000.0)),
                        List.of(new CreatorInput("cr-9", null, null, null, null, null)), List.<PartyInput>of(),
                        List.<PartyInput>of(),
                        exists ? List.of(new ConversationInput(MERCHANT, CREATOR, null)) : List.<ConversationInput>of(),
                        List.of(q.usage()), List.of(q.request()));
                EvaluationResult result = engine.evaluate(batch);
                assertThat(one).as("used %d, conversation exists %s", used, exists).isEqualTo(result.contactResults().get(0));
            }
        }
    }

    @Test
    void aResultWithContactAndCreatorResultsValidatesAgainstThePublishedResultSchema() throws Exception {
        EvaluationRequest request = new org.alliancerules.io.RequestReader().read("request.json",
                org.alliancerules.io.P1RequestFixture.EXAMPLE.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        com.fasterxml.jackson.databind.JsonNode result = org.alliancerules.io.Json.jsonMapper().valueToTree(engine.evaluate(request));
        var schema = org.alliancerules.io.Schemas.compile(org.alliancerules.io.Schemas.tree("/schema/evaluation-result.schema.json"));

        assertThat(result.get("contactResults")).hasSize(2);
        assertThat(result.get("creatorResults")).hasSize(2);
        assertThat(schema.validate(result)).isEmpty();
    }

    @Test
    void manyThreadsGetTheAnswersOneThreadGets() throws Exception {
        List<ContactQuery> queries = new ArrayList<>();
        for (int used = 0; used <= 90; used += 5) {
            queries.add(merchantOpens(used, used % 10 == 0));
        }
        List<ContactResult> expected = new ArrayList<>();
        for (ContactQuery q : queries) {
            expected.add(engine.decideContact(q));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> runs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                runs.add(pool.submit(() -> {
                    for (int round = 0; round < 50; round++) {
                        for (int i = 0; i < queries.size(); i++) {
                            if (!engine.decideContact(queries.get(i)).equals(expected.get(i))) {
                                return false;
                            }
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> run : runs) {
                assertThat(run.get()).isTrue();
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aBadQueryIsRefusedWithEveryProblemLocated() {
        ContactQuery q = new ContactQuery(null, new ContactRequestInput("r-1", null, "CALL", MERCHANT, new PartyRef("AGENCY", "a-1")),
                ContactQuery.Sender.merchant(true, -5.0), false, new WeekUsageInput(MERCHANT, LocalDate.of(2026, 11, 24), -1, null, 0));

        List<Problem> problems = catchThrowableOfType(InvalidInputException.class, () -> engine.decideContact(q)).problems();

        assertThat(problems).extracting(Problem::pointer).containsExactly("/request/at", "/request/action",
                "/request/to/type", "/sender/lastWeekGmv", "/usage/weekStart", "/usage/conversationsOpened");
        assertThat(problems).allSatisfy(p -> assertThat(p.source()).isEqualTo("<request>"));
        assertThat(problems.get(1).message()).contains("OPEN_CONVERSATION, VIEW_CONTACT").contains("\"CALL\"");
    }

    @Test
    void usageOfAnotherPartyIsRefused() {
        ContactQuery q = new ContactQuery(null, request("r-1", "2026-11-25T10:15:00+08:00", "OPEN_CONVERSATION", MERCHANT, CREATOR),
                ContactQuery.Sender.merchant(true, 0.0), false, new WeekUsageInput(new PartyRef("MERCHANT", "m-2"), WEEK, 1, null, 0));

        assertThat(catchThrowableOfType(InvalidInputException.class, () -> engine.decideContact(q)).problems())
                .singleElement().satisfies(p -> assertThat(p.pointer()).isEqualTo("/usage/party"));
    }

    /** A rules directory holding one P1 rule that never stops (an update loop on the request). */
    static Path loopingRules(Path dir) throws java.io.IOException {
        return HostileRules.directory(dir, "loop.drl", String.join("\n",
                "rule \"Look again\"",
                "    @clause(\"IMQ-7\")",
                "    no-loop false",
                "when",
                "    $r : ContactRequest( )",
                "then",
                "    update($r);",
                "end",
                ""));
    }

    @Test
    void rulesThatNeverStopDecidingAContactAreStoppedAndNamed(@TempDir Path dir) throws Exception {
        RulesEngine looping = RulesEngine.builder().rulesDirectory(loopingRules(dir)).maxFiringsPerMerchant(100).build();

        assertThatThrownBy(() -> looping.decideContact(merchantOpens(0, false)))
                .isInstanceOf(RunawayRulesException.class)
                .hasMessageStartingWith(dir.resolve("loop.drl") + ":" + (HostileRules.HEADER_LINES + 1) + ":1: rule \"Look again\" fired")
                .hasMessageContaining("reaching the limit of 100 firings per contact request or creator (--max-firings)");
    }

    @Test
    void rulesThatNeverStopInABatchOfContactRequestsExitWith5(@TempDir Path dir) throws Exception {
        Path request = dir.resolve("request.json");
        java.nio.file.Files.writeString(request, org.alliancerules.io.P1RequestFixture.EXAMPLE);
        CommandRun run = HostileRules.run("evaluate", request.toString(), "--rules=" + loopingRules(dir.resolve("rules")),
                "--max-firings", "50");

        assertThat(run.code()).as(run.err()).isEqualTo(5);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("rule \"Look again\" fired").contains("reaching the limit of 50 firings");
    }

    @Test
    void aP1ConsequenceThatNeverReturnsIsStoppedByTheBatchTimeout(@TempDir Path dir) throws Exception {
        Path request = dir.resolve("request.json");
        java.nio.file.Files.writeString(request, org.alliancerules.io.P1RequestFixture.EXAMPLE);
        Path rules = HostileRules.directory(dir.resolve("rules"), "spin.drl", String.join("\n",
                "rule \"Spin\"",
                "    @clause(\"IMQ-7\")",
                "when",
                "    $r : ContactRequest( id == \"r-2\" )",
                "then",
                "    long n = 0;",
                "    while (true) { n++; }",
                "end",
                ""));

        CommandRun run = HostileRules.run("evaluate", request.toString(), "--rules=" + rules, "--batch-timeout", "2");

        assertThat(run.code()).as(run.err()).isEqualTo(5);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("deciding 2 contact request(s) and 2 creator(s) ran out of time (limit --batch-timeout 2 s)");
    }

    @Test
    void aP1ConsequenceThatThrowsIsNamedWithItsRequest(@TempDir Path dir) throws Exception {
        Path rules = HostileRules.directory(dir, "divide.drl", String.join("\n",
                "rule \"Divide\"",
                "    @clause(\"IMQ-7\")",
                "when",
                "    $r : ContactRequest( )",
                "then",
                "    int zero = $r.order();",
                "    System.identityHashCode(1 / zero);",
                "end",
                ""));
        RulesEngine dividing = RulesEngine.builder().rulesDirectory(rules).build();

        assertThatThrownBy(() -> dividing.decideContact(merchantOpens(0, false)))
                .isInstanceOf(RunawayRulesException.class)
                .hasMessageStartingWith(dir.resolve("divide.drl") + ":" + (HostileRules.HEADER_LINES + 1) + ":1: rule \"Divide\" failed for contact request r-1: / by zero");
    }

    @Test
    void anUnknownPolicyProfileIsRefused() {
        ContactQuery q = new ContactQuery("nope", merchantOpens(0, false).request(), ContactQuery.Sender.merchant(true, 0.0), false, null);

        assertThatThrownBy(() -> engine.decideContact(q)).isInstanceOf(UnknownPolicyException.class).hasMessageContaining("nope");
    }
}
