package org.alliancerules.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.stream.Stream;

import org.alliancerules.model.EvaluationRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The P1 request fields of interchange.md ("P1 additions"): the contract's example binds, and bad values
 * (unknown party type or action, a party not in the request, a time without offset, negative usage, ...)
 * are located problems, so that nothing reaches the rules.
 */
class P1RequestTest {

    private static final RequestReader READER = new RequestReader();

    /** The P1 example of interchange.md (with a conversation partner cr-2 added); line numbers refer to this text. */
    static final String EXAMPLE = """
            {
              "asOf": "2026-11-25",
              "merchants": [ { "id": "m-1001", "lastWeekGmv": 182000.0, "alliance": { "member": true } } ],
              "creators": [ { "id": "cr-9", "level": 3, "realNameVerified": true, "followers": 1200,
                              "publishedWorks": 14, "depositPaid": 500.0 }, { "id": "cr-2" } ],
              "institutions": [ { "id": "in-1" } ],
              "teamLeaders": [ { "id": "tl-1" } ],
              "conversations": [ { "a": { "type": "MERCHANT", "id": "m-1001" },
                                   "b": { "type": "CREATOR", "id": "cr-2" }, "openedAt": "2026-10-01T09:00:00+08:00" } ],
              "weekUsage": [ { "party": { "type": "MERCHANT", "id": "m-1001" }, "weekStart": "2026-11-23",
                               "conversationsOpened": 12, "contactViews": 3 } ],
              "contactRequests": [
                { "id": "r-1", "at": "2026-11-25T10:15:00+08:00", "action": "OPEN_CONVERSATION",
                  "from": { "type": "MERCHANT", "id": "m-1001" }, "to": { "type": "CREATOR", "id": "cr-9" } },
                { "id": "r-2", "at": "2026-11-25T10:16:00+08:00", "action": "VIEW_CONTACT",
                  "from": { "type": "MERCHANT", "id": "m-1001" }, "to": { "type": "CREATOR", "id": "cr-9" } }
              ]
            }
            """;

    @Test
    void theContractExampleBindsWithItsValues() {
        EvaluationRequest r = READER.read("request.json", bytes(EXAMPLE));

        assertThat(r.merchants().get(0).lastWeekGmv()).isEqualTo(182000.0);
        assertThat(r.creators()).hasSize(2);
        assertThat(r.creators().get(0).level()).isEqualTo(3);
        assertThat(r.creators().get(0).followers()).isEqualTo(1200L);
        assertThat(r.creators().get(0).depositPaid()).isEqualTo(500.0);
        assertThat(r.institutions().get(0).id()).isEqualTo("in-1");
        assertThat(r.teamLeaders().get(0).id()).isEqualTo("tl-1");
        assertThat(r.conversations().get(0).b().id()).isEqualTo("cr-2");
        assertThat(r.weekUsage().get(0).weekStart()).isEqualTo(LocalDate.of(2026, 11, 23));
        assertThat(r.weekUsage().get(0).conversationsOpened()).isEqualTo(12);
        assertThat(r.contactRequests()).hasSize(2);
        assertThat(r.contactRequests().get(0).at().toInstant())
                .isEqualTo(OffsetDateTime.parse("2026-11-25T10:15:00+08:00").toInstant());
        assertThat(r.contactRequests().get(1).action()).isEqualTo("VIEW_CONTACT");
    }

    @Test
    void aRequestBuiltInCodeIsCheckedLikeAFile() {
        EvaluationRequest r = READER.read("request.json", bytes(EXAMPLE));

        assertThat(READER.validate(r)).isEmpty();
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of("an unknown party type", "\"type\": \"CREATOR\", \"id\": \"cr-9\" }",
                        "\"type\": \"AGENCY\", \"id\": \"cr-9\" }", "/contactRequests/0/to/type", 14, "must be one of MERCHANT, CREATOR, INSTITUTION, TEAM_LEADER"),
                Arguments.of("an unknown action", "\"action\": \"VIEW_CONTACT\"", "\"action\": \"CALL\"",
                        "/contactRequests/1/action", 15, "must be one of OPEN_CONVERSATION, VIEW_CONTACT"),
                Arguments.of("a request naming a creator that is not in the request",
                        "\"to\": { \"type\": \"CREATOR\", \"id\": \"cr-9\" } },", "\"to\": { \"type\": \"CREATOR\", \"id\": \"cr-404\" } },",
                        "/contactRequests/0/to/id", 14, "no CREATOR \"cr-404\" in the request's creators"),
                Arguments.of("a request naming a merchant of the wrong type",
                        "\"from\": { \"type\": \"MERCHANT\", \"id\": \"m-1001\" }, \"to\": { \"type\": \"CREATOR\", \"id\": \"cr-9\" } },",
                        "\"from\": { \"type\": \"INSTITUTION\", \"id\": \"m-1001\" }, \"to\": { \"type\": \"CREATOR\", \"id\": \"cr-9\" } },",
                        "/contactRequests/0/from/id", 14, "no INSTITUTION \"m-1001\" in the request's institutions"),
                Arguments.of("a time without offset", "\"2026-11-25T10:15:00+08:00\"", "\"2026-11-25T10:15:00\"",
                        "/contactRequests/0/at", 13, "must be a date and time with its offset"),
                Arguments.of("a time that is not a real one", "\"2026-11-25T10:15:00+08:00\"", "\"2026-11-25T25:15:00+08:00\"",
                        "/contactRequests/0/at", 13, "is not a real date and time"),
                Arguments.of("negative usage", "\"conversationsOpened\": 12", "\"conversationsOpened\": -1",
                        "/weekUsage/0/conversationsOpened", 11, "must be at least 0"),
                Arguments.of("a week that does not start on a Monday", "\"weekStart\": \"2026-11-23\"", "\"weekStart\": \"2026-11-24\"",
                        "/weekUsage/0/weekStart", 10, "a natural week starts on a Monday"),
                Arguments.of("usage of a party not in the request", "\"party\": { \"type\": \"MERCHANT\", \"id\": \"m-1001\" }",
                        "\"party\": { \"type\": \"MERCHANT\", \"id\": \"m-9\" }", "/weekUsage/0/party/id", 10, "no MERCHANT \"m-9\""),
                Arguments.of("a conversation with a party not in the request", "\"b\": { \"type\": \"CREATOR\", \"id\": \"cr-2\" }",
                        "\"b\": { \"type\": \"CREATOR\", \"id\": \"cr-3\" }", "/conversations/0/b/id", 9, "no CREATOR \"cr-3\""),
                Arguments.of("a duplicate contact request id", "{ \"id\": \"r-2\"", "{ \"id\": \"r-1\"",
                        "/contactRequests/1/id", 15, "duplicate contact request id \"r-1\""),
                Arguments.of("a duplicate creator id", "{ \"id\": \"cr-2\" }", "{ \"id\": \"cr-9\" }",
                        "/creators/1/id", 5, "duplicate creator id \"cr-9\""),
                Arguments.of("a negative follower count", "\"followers\": 1200", "\"followers\": -5",
                        "/creators/0/followers", 4, "must be at least 0"),
                Arguments.of("a creator level above LV7", "\"level\": 3", "\"level\": 8", "/creators/0/level", 4, "must be at most 7"),
                Arguments.of("a negative last week's GMV", "\"lastWeekGmv\": 182000.0", "\"lastWeekGmv\": -1",
                        "/merchants/0/lastWeekGmv", 3, "must be at least 0"),
                Arguments.of("a contact request without its sender", "\"from\": { \"type\": \"MERCHANT\", \"id\": \"m-1001\" }, \"to\": { \"type\": \"CREATOR\", \"id\": \"cr-9\" } },",
                        "\"to\": { \"type\": \"CREATOR\", \"id\": \"cr-9\" } },", "/contactRequests/0", 13, "missing required property \"from\""));
    }

    @ParameterizedTest(name = "{0} is refused at {3}")
    @MethodSource("badValues")
    void aBadP1ValueIsALocatedProblem(String name, String from, String to, String pointer, int line, String message) {
        assertThat(EXAMPLE).contains(from);
        List<Problem> problems = problems(EXAMPLE.replaceFirst(java.util.regex.Pattern.quote(from),
                java.util.regex.Matcher.quoteReplacement(to)));

        assertThat(problems).anySatisfy(p -> {
            assertThat(p.pointer()).isEqualTo(pointer);
            assertThat(p.line()).isEqualTo(line);
            assertThat(p.message()).contains(message);
        });
    }

    private static List<Problem> problems(String text) {
        return catchThrowableOfType(InvalidInputException.class, () -> READER.read("request.json", bytes(text))).problems();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
