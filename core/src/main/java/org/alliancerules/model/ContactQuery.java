package org.alliancerules.model;

/**
 * One contact request as a host application asks it (a merchant clicks "chat" in the alliance's messaging
 * tool), with what the rules need to know about it and nothing else: the policy profile (null: default),
 * the request, the sender's quota facts, whether a conversation between the two parties already exists,
 * and what the sender already used in the request's natural week (null: nothing).
 *
 * <pre>{@code
 * ContactQuery q = new ContactQuery(null,
 *         new ContactRequestInput("r-1", OffsetDateTime.parse("2026-11-25T10:15:00+08:00"), "OPEN_CONVERSATION",
 *                 new PartyRef("MERCHANT", "m-1001"), new PartyRef("CREATOR", "cr-9")),
 *         ContactQuery.Sender.merchant(true, 182000.0), false,
 *         new WeekUsageInput(new PartyRef("MERCHANT", "m-1001"), LocalDate.parse("2026-11-23"), 12, null, 3));
 * ContactResult r = engine.decideContact(q);   // CONTACT_ALLOWED IMQ-2, counted, remaining 67
 * }</pre>
 */
public record ContactQuery(String policy, ContactRequestInput request, Sender sender, boolean conversationExists,
                           WeekUsageInput usage) {

    /** The policy profile to use: "default" when the query names none. */
    public String policyOrDefault() {
        return policy == null || policy.isBlank() ? "default" : policy;
    }

    /**
     * What the rules need to know about the sender: a merchant's alliance membership and previous natural
     * week's GMV (IMQ-1..3), a creator's previous natural week's level (IMQ-4); null: not given.
     */
    public record Sender(Boolean member, Double lastWeekGmv, Integer level) {

        public static Sender merchant(boolean member, Double lastWeekGmv) {
            return new Sender(member, lastWeekGmv, null);
        }

        public static Sender creator(Integer level) {
            return new Sender(null, null, level);
        }

        /** An institution or a team leader: nothing but its id matters. */
        public static Sender other() {
            return new Sender(null, null, null);
        }
    }
}
