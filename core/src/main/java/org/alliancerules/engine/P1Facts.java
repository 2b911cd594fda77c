package org.alliancerules.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.alliancerules.facts.ContactAction;
import org.alliancerules.facts.ContactRequest;
import org.alliancerules.facts.ContactTurn;
import org.alliancerules.facts.Conversation;
import org.alliancerules.facts.Creator;
import org.alliancerules.facts.Party;
import org.alliancerules.facts.PartyType;
import org.alliancerules.facts.WeekUsage;
import org.alliancerules.model.ContactRequestInput;
import org.alliancerules.model.ConversationInput;
import org.alliancerules.model.CreatorInput;
import org.alliancerules.model.EvaluationRequest;
import org.alliancerules.model.MerchantInput;
import org.alliancerules.model.PartyInput;
import org.alliancerules.model.WeekUsageInput;

/**
 * Turns the P1 part of a request into the facts the IMQ and SHW rules match (plumbing only): one
 * {@link Party} per merchant, creator, institution and team leader, one {@link Creator} per creator, the
 * conversations that exist, the week usage, the contact requests numbered in time order (ties in request
 * order) and the {@link ContactTurn} controller at the first of them.
 */
final class P1Facts {

    private P1Facts() {
    }

    static List<Object> of(EvaluationRequest request) {
        List<Object> facts = new ArrayList<>();
        for (MerchantInput m : request.merchants()) {
            boolean member = m.alliance() != null && m.alliance().member();
            facts.add(new Party(PartyType.MERCHANT, m.id(), member, m.lastWeekGmv(), null));
        }
        for (CreatorInput c : request.creators()) {
            facts.add(new Party(PartyType.CREATOR, c.id(), false, null, c.level()));
            facts.add(new Creator(c.id(), c.level(), c.realNameVerified(), c.followers(), c.publishedWorks(),
                    c.depositPaid()));
        }
        for (PartyInput i : request.institutions()) {
            facts.add(new Party(PartyType.INSTITUTION, i.id(), false, null, null));
        }
        for (PartyInput t : request.teamLeaders()) {
            facts.add(new Party(PartyType.TEAM_LEADER, t.id(), false, null, null));
        }
        for (ConversationInput c : request.conversations()) {
            facts.add(conversation(c));
        }
        for (WeekUsageInput u : request.weekUsage()) {
            facts.add(weekUsage(u));
        }
        facts.addAll(contactRequests(request.contactRequests()));
        return facts;
    }

    static Conversation conversation(ConversationInput c) {
        return new Conversation(PartyType.valueOf(c.a().type()), c.a().id(), PartyType.valueOf(c.b().type()), c.b().id());
    }

    static WeekUsage weekUsage(WeekUsageInput u) {
        return new WeekUsage(PartyType.valueOf(u.party().type()), u.party().id(), u.weekStart(),
                orZero(u.conversationsOpened()), orZero(u.merchantConversationsOpened()), orZero(u.contactViews()));
    }

    private static int orZero(Integer count) {
        return count == null ? 0 : count;
    }

    /** The requests numbered in time order (ties keep their order in the request), then the turn at the first. */
    static List<Object> contactRequests(List<ContactRequestInput> inputs) {
        List<Integer> positions = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            positions.add(i);
        }
        positions.sort(Comparator.comparing((Integer i) -> inputs.get(i).at().toInstant()).thenComparing(i -> i));
        List<Object> facts = new ArrayList<>(inputs.size() + 1);
        for (int order = 0; order < positions.size(); order++) {
            facts.add(contactRequest(inputs.get(positions.get(order)), order));
        }
        if (!inputs.isEmpty()) {
            facts.add(new ContactTurn(0));
        }
        return facts;
    }

    static ContactRequest contactRequest(ContactRequestInput r, int order) {
        return new ContactRequest(r.id(), order, r.at(), ContactAction.valueOf(r.action()),
                PartyType.valueOf(r.from().type()), r.from().id(), PartyType.valueOf(r.to().type()), r.to().id());
    }
}
