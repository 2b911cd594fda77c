import java.time.LocalDate;
import java.time.OffsetDateTime;

import org.alliancerules.engine.RulesEngine;
import org.alliancerules.model.ContactQuery;
import org.alliancerules.model.ContactRequestInput;
import org.alliancerules.model.ContactResult;
import org.alliancerules.model.PartyRef;
import org.alliancerules.model.WeekUsageInput;

/** A host application deciding one contact request: merchant m-1001 clicks "chat" with creator cr-9. */
public class ContactChat {

    // built once, shared by every thread of the host application
    static final RulesEngine ENGINE = RulesEngine.builder().build();

    public static void main(String[] args) {
        PartyRef merchant = new PartyRef("MERCHANT", "m-1001");
        ContactQuery click = new ContactQuery(null,
                new ContactRequestInput("r-1", OffsetDateTime.parse("2026-11-25T10:15:00+08:00"), "OPEN_CONVERSATION",
                        merchant, new PartyRef("CREATOR", "cr-9")),
                ContactQuery.Sender.merchant(true, 182000.0),     // a member; last natural week's GMV 182,000 yuan
                false,                                            // no conversation between them yet
                new WeekUsageInput(merchant, LocalDate.parse("2026-11-23"), 12, null, 3));  // used this week so far
        ContactResult r = ENGINE.decideContact(click);
        System.out.println(r.type() + " " + r.clause() + ", counted " + r.counted() + ", " + r.remaining() + " left: "
                + r.reason());
    }
}
