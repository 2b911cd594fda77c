package org.alliancerules.model;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An evaluation request of the interchange contract: the day to evaluate as of, the policy profile, the
 * merchants; and (P1) the creators, institutions and team leaders of the messaging tool, the conversations
 * that exist, the week's usage so far and the contact requests to decide.
 */
public record EvaluationRequest(LocalDate asOf, String policy, List<MerchantInput> merchants,
                                @JsonInclude(JsonInclude.Include.NON_EMPTY) List<CreatorInput> creators,
                                @JsonInclude(JsonInclude.Include.NON_EMPTY) List<PartyInput> institutions,
                                @JsonInclude(JsonInclude.Include.NON_EMPTY) List<PartyInput> teamLeaders,
                                @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ConversationInput> conversations,
                                @JsonInclude(JsonInclude.Include.NON_EMPTY) List<WeekUsageInput> weekUsage,
                                @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ContactRequestInput> contactRequests) {

    @JsonCreator
    public EvaluationRequest {
        // copies that keep null elements: validation reports them (/merchants/3: must be an object)
        merchants = copy(merchants);
        creators = copy(creators);
        institutions = copy(institutions);
        teamLeaders = copy(teamLeaders);
        conversations = copy(conversations);
        weekUsage = copy(weekUsage);
        contactRequests = copy(contactRequests);
    }

    /** A request with merchants only (P0). */
    public EvaluationRequest(LocalDate asOf, String policy, List<MerchantInput> merchants) {
        this(asOf, policy, merchants, null, null, null, null, null, null);
    }

    private static <T> List<T> copy(List<T> list) {
        return list == null || list.isEmpty() ? List.of() : Collections.unmodifiableList(new ArrayList<>(list));
    }

    /** The policy profile to use: "default" when the request names none. */
    public String policyOrDefault() {
        return policy == null || policy.isBlank() ? "default" : policy;
    }

    /** Whether the request has anything for the P1 rules (creators or contact requests). */
    public boolean hasP1() {
        return !creators.isEmpty() || !contactRequests.isEmpty();
    }
}
