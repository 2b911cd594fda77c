package org.alliancerules.engine;

import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.alliancerules.facts.ContactRequest;
import org.alliancerules.facts.ContactTurn;
import org.alliancerules.facts.Conversation;
import org.alliancerules.facts.Party;
import org.alliancerules.facts.PartyType;
import org.alliancerules.io.InvalidInputException;
import org.alliancerules.io.Problem;
import org.alliancerules.io.RequestReader;
import org.alliancerules.model.ContactQuery;
import org.alliancerules.model.ContactRequestInput;
import org.alliancerules.model.PartyRef;
import org.alliancerules.model.WeekUsageInput;

/**
 * The one-request path of the messaging tool ({@link RulesEngine#decideContact}): checks a query with the
 * request schema's rules for these fields, without building a JSON tree (problems located by JSON pointer
 * under {@code <request>}, as for any request built in code), and turns it into facts. Plumbing only.
 */
final class ContactQueries {

    private static final Set<String> PARTY_TYPES = Set.of("MERCHANT", "CREATOR", "INSTITUTION", "TEAM_LEADER");
    private static final Set<String> ACTIONS = Set.of("OPEN_CONVERSATION", "VIEW_CONTACT");

    private ContactQueries() {
    }

    /** Every problem of a query; empty when it is valid. */
    static List<Problem> problems(ContactQuery q) {
        List<Problem> problems = new ArrayList<>();
        if (q == null) {
            add(problems, "", "the query is null");
            return problems;
        }
        if (q.policy() != null && !q.policy().isBlank() && !q.policy().matches("^[a-z0-9][a-z0-9-]*(@[A-Za-z0-9][A-Za-z0-9._-]*)?$")) {
            add(problems, "/policy", "must match ^[a-z0-9][a-z0-9-]*(@[A-Za-z0-9][A-Za-z0-9._-]*)?$, got \"" + q.policy() + "\"");
        }
        ContactRequestInput r = q.request();
        if (r == null) {
            add(problems, "/request", "missing required property \"request\"");
        } else {
            if (r.id() == null || r.id().isEmpty()) {
                add(problems, "/request/id", r.id() == null ? "missing required property \"id\"" : "must not be empty");
            }
            if (r.at() == null) {
                add(problems, "/request/at", "missing required property \"at\" (a date and time with its offset)");
            }
            if (r.action() == null || !ACTIONS.contains(r.action())) {
                add(problems, "/request/action", "must be one of OPEN_CONVERSATION, VIEW_CONTACT, got "
                        + (r.action() == null ? "nothing" : "\"" + r.action() + "\""));
            }
            party(problems, "/request/from", r.from());
            party(problems, "/request/to", r.to());
        }
        ContactQuery.Sender s = q.sender();
        if (s == null) {
            add(problems, "/sender", "missing required property \"sender\"");
        } else {
            if (s.lastWeekGmv() != null && (!Double.isFinite(s.lastWeekGmv()) || s.lastWeekGmv() < 0)) {
                add(problems, "/sender/lastWeekGmv", "must be a finite amount at least 0, got " + s.lastWeekGmv());
            }
            if (s.level() != null && (s.level() < 0 || s.level() > 7)) {
                add(problems, "/sender/level", "must be a level 0..7, got " + s.level());
            }
        }
        WeekUsageInput u = q.usage();
        if (u != null) {
            if (r != null && r.from() != null && (u.party() == null || !u.party().equals(r.from()))) {
                add(problems, "/usage/party", "must be the request's sender " + r.from() + ", got " + u.party());
            }
            if (u.weekStart() == null) {
                add(problems, "/usage/weekStart", "missing required property \"weekStart\"");
            } else if (u.weekStart().getDayOfWeek() != DayOfWeek.MONDAY) {
                add(problems, "/usage/weekStart", u.weekStart() + " is not a Monday: a natural week starts on a Monday");
            }
            count(problems, "/usage/conversationsOpened", u.conversationsOpened());
            count(problems, "/usage/merchantConversationsOpened", u.merchantConversationsOpened());
            count(problems, "/usage/contactViews", u.contactViews());
        }
        return problems;
    }

    private static void party(List<Problem> problems, String at, PartyRef p) {
        if (p == null) {
            add(problems, at, "missing required property \"" + at.substring(at.lastIndexOf('/') + 1) + "\"");
            return;
        }
        if (p.type() == null || !PARTY_TYPES.contains(p.type())) {
            add(problems, at + "/type", "must be one of MERCHANT, CREATOR, INSTITUTION, TEAM_LEADER, got "
                    + (p.type() == null ? "nothing" : "\"" + p.type() + "\""));
        }
        if (p.id() == null || p.id().isEmpty()) {
            add(problems, at + "/id", p.id() == null ? "missing required property \"id\"" : "must not be empty");
        }
    }

    private static void count(List<Problem> problems, String at, Integer value) {
        if (value != null && value < 0) {
            add(problems, at, "must be at least 0, got " + value);
        }
    }

    private static void add(List<Problem> problems, String pointer, String message) {
        problems.add(new Problem(RequestReader.IN_CODE, pointer, 0, 0, message));
    }

    /** Throws when the query is not valid. */
    static void check(ContactQuery q) {
        List<Problem> problems = problems(q);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
    }

    /** The facts of a valid query: the sender, the request (the only turn), the conversation, the usage. */
    static List<Object> facts(ContactQuery q) {
        ContactRequestInput r = q.request();
        ContactQuery.Sender s = q.sender();
        List<Object> facts = new ArrayList<>(5);
        PartyType fromType = PartyType.valueOf(r.from().type());
        facts.add(new Party(fromType, r.from().id(), Boolean.TRUE.equals(s.member()), s.lastWeekGmv(), s.level()));
        ContactRequest request = P1Facts.contactRequest(r, 0);
        facts.add(request);
        if (q.conversationExists()) {
            facts.add(new Conversation(request.fromType(), request.fromId(), request.toType(), request.toId()));
        }
        if (q.usage() != null) {
            facts.add(P1Facts.weekUsage(q.usage()));
        }
        facts.add(new ContactTurn(0));
        return facts;
    }
}
