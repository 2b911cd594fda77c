package org.alliancerules.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

import org.alliancerules.model.EvaluationRequest;
import org.alliancerules.model.MerchantInput;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: the seed-003 profile's request fields (docs/contract.md "Contract additions (P2)") are read strictly, every
 * problem located, and a request without them is valid for the v3 profile.
 */
class P2RequestTest {

    private static final RequestReader READER = new RequestReader();

    private static List<String> problems(String json) {
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class,
                () -> READER.read("r.json", json.getBytes(StandardCharsets.UTF_8)));
        assertThat(e).as("the request is refused").isNotNull();
        return e.problems().stream().map(Problem::format).toList();
    }

    @Test
    void everyP2ProblemIsLocated() {
        String json = """
                { "asOf": "2026-10-15", "policy": "v3", "merchants": [ { "id": "a",
                  "products": [ {"id": "p", "commissionRate": 1.5}, {"id": "p", "categoryAverageUnitPrice": 0} ],
                  "disputes": [ {"id": "d", "appealedOn": "2026-10-10", "decidedOn": "2026-10-09"},
                                {"id": "e", "appealedOn": "2026-10-20", "atFault": "CREATOR"} ],
                  "violations": [ {"on": "2026-10-16"} ], "ladder": {"violations": -1},
                  "orders": [ {"id": "o", "receiptConfirmedAt": "2026-10-14"} ] } ] }
                """;
        assertThat(problems(json)).containsExactlyInAnyOrder(
                "r.json:2:47: /merchants/0/products/0/commissionRate: must be at most 1, got 1.5",
                "r.json:2:93: /merchants/0/products/1/categoryAverageUnitPrice: must be more than 0, got 0",
                "r.json:2:60: /merchants/0/products/1/id: duplicate product id \"p\", first given at /merchants/0/products/0/id",
                "r.json:3:17: /merchants/0/disputes/0: a decided dispute needs atFault (MERCHANT or CREATOR)",
                "r.json:3:70: /merchants/0/disputes/0/decidedOn: decidedOn 2026-10-09 is before appealedOn 2026-10-10",
                "r.json:4:43: /merchants/0/disputes/1/appealedOn: 2026-10-20 is after asOf 2026-10-15",
                "r.json:4:68: /merchants/0/disputes/1/atFault: atFault is given only once the dispute is decided (decidedOn)",
                "r.json:5:26: /merchants/0/violations/0/on: 2026-10-16 is after asOf 2026-10-15",
                "r.json:5:68: /merchants/0/ladder/violations: must be at least 0, got -1",
                "r.json:6:49: /merchants/0/orders/0/receiptConfirmedAt: must be a date and time with its offset, such as "
                        + "2026-11-25T10:15:00+08:00, got \"2026-10-14\"");
    }

    @Test
    void theP2FieldsAreReadIntoTheMerchantAndAreOptional() {
        String json = """
                { "asOf": "2026-10-15", "policy": "v3", "merchants": [
                  { "id": "a", "shopOpenedOn": "2026-10-01", "genuineOrders": 31, "licences": ["FOOD"], "rectified": true,
                    "operating": { "fulfilmentRate": 0.9, "returnRate": 0.1, "complaintHandlingHours": 12 },
                    "orders": [ { "id": "o", "amount": 10.5, "creatorPromoted": true, "receiptConfirmedAt": "2026-10-14T10:00:00+08:00" } ] },
                  { "id": "b" } ] }
                """;
        EvaluationRequest r = READER.read("r.json", json.getBytes(StandardCharsets.UTF_8));
        MerchantInput a = r.merchants().get(0);
        assertThat(a.shopOpenedOn()).isEqualTo(LocalDate.of(2026, 10, 1));
        assertThat(a.genuineOrders()).isEqualTo(31);
        assertThat(a.licences()).containsExactly("FOOD");
        assertThat(a.operating().complaintHandlingHours()).isEqualTo(12.0);
        assertThat(a.orders().get(0).receiptConfirmedAt()).isEqualTo(OffsetDateTime.parse("2026-10-14T10:00:00+08:00"));
        assertThat(a.hasP2()).isTrue();
        MerchantInput b = r.merchants().get(1);
        assertThat(b.hasP2()).isFalse();
        assertThat(b.products()).as("absent is not an empty list (PRD-6 reviews only shops that list products)").isNull();
    }
}
