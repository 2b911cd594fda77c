package org.alliancerules.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.alliancerules.facts.ContactOutcome;
import org.alliancerules.facts.ContactRequest;
import org.alliancerules.facts.Creator;
import org.alliancerules.facts.CreatorDecision;
import org.alliancerules.facts.Quota;
import org.alliancerules.model.ContactRequestInput;
import org.alliancerules.model.ContactResult;
import org.alliancerules.model.CreatorInput;
import org.alliancerules.model.CreatorResult;
import org.alliancerules.model.DecisionView;
import org.alliancerules.model.EvaluationRequest;
import org.alliancerules.policy.Policy;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.KieSession;

/**
 * The P1 part of an evaluation (IMQ contact requests, SHW creators) in one session of its own: every
 * request of the evaluation may consume the quota of the ones after it, so they are decided together.
 * Plumbing only: facts in ({@link P1Facts}), outcomes out.
 */
final class P1Session {

    /** Creator decisions are listed by type (contract order), then clause, rule and reason. */
    private static final Comparator<CreatorDecision> DECISION_ORDER = Comparator
            .comparing(CreatorDecision::type)
            .thenComparing(CreatorDecision::clause)
            .thenComparing(CreatorDecision::rule)
            .thenComparing(CreatorDecision::reason);

    private P1Session() {
    }

    /** The policy's P1 sections as globals and facts, for a session about to decide P1 facts. */
    static void prepare(KieSession session, Set<String> globals, Policy policy) {
        if (globals.contains("contactQuota")) {
            session.setGlobal("contactQuota", policy.contactQuota());
        }
        if (globals.contains("showcase")) {
            session.setGlobal("showcase", policy.showcase());
        }
        for (Object fact : policy.contactQuota().facts()) {
            session.insert(fact);
        }
    }

    /** Decides the request's contact requests and creators in {@code session} (which it disposes of). */
    static EvaluationTrace run(RuleSet ruleSet, java.util.function.Supplier<KieSession> sessions, int limitPerItem,
                               Policy policy, EvaluationRequest request, boolean trace) {
        Set<String> globals = ruleSet.globals();
        KieSession session = sessions.get();
        Map<String, Set<String>> firedByRequest = trace ? new HashMap<>() : null;
        Map<String, Set<String>> firedByCreator = trace ? new HashMap<>() : null;
        try {
            if (trace) {
                session.addEventListener(new DefaultAgendaEventListener() {
                    @Override
                    public void afterMatchFired(AfterMatchFiredEvent event) {
                        String rule = event.getMatch().getRule().getName();
                        for (Object o : event.getMatch().getObjects()) {
                            if (o instanceof ContactRequest r) {
                                firedByRequest.computeIfAbsent(r.id(), k -> new LinkedHashSet<>()).add(rule);
                                break;
                            } else if (o instanceof Quota q) {
                                firedByRequest.computeIfAbsent(q.requestId(), k -> new LinkedHashSet<>()).add(rule);
                                break;
                            } else if (o instanceof Creator c) {
                                firedByCreator.computeIfAbsent(c.id(), k -> new LinkedHashSet<>()).add(rule);
                                break;
                            }
                        }
                    }
                });
            }
            prepare(session, globals, policy);
            List<Object> facts = P1Facts.of(request);
            for (Object fact : facts) {
                session.insert(fact);
            }
            fire(session, ruleSet, limitPerItem, request.contactRequests().size() + request.creators().size(), () -> {
                KieSession again = sessions.get();
                prepare(again, globals, policy);
                for (Object fact : P1Facts.of(request)) {
                    again.insert(fact);
                }
                return again;
            });
            Map<String, ContactOutcome> outcomes = new HashMap<>();
            Map<String, List<CreatorDecision>> decisions = new HashMap<>();
            for (Object o : session.getObjects()) {
                if (o instanceof ContactOutcome c) {
                    outcomes.put(c.requestId(), c);
                } else if (o instanceof CreatorDecision d) {
                    decisions.computeIfAbsent(d.creatorId(), k -> new ArrayList<>()).add(d);
                }
            }
            List<ContactTrace> contacts = new ArrayList<>(request.contactRequests().size());
            for (ContactRequestInput r : request.contactRequests()) {
                List<String> rules = trace ? List.copyOf(firedByRequest.getOrDefault(r.id(), Set.of())) : List.of();
                contacts.add(new ContactTrace(result(r.id(), outcomes.get(r.id())), rules));
            }
            List<CreatorTrace> creators = new ArrayList<>(request.creators().size());
            for (CreatorInput c : request.creators()) {
                List<CreatorDecision> ds = decisions.getOrDefault(c.id(), List.of());
                List<DecisionView> views = new ArrayList<>(ds.size());
                ds.stream().sorted(DECISION_ORDER).forEach(d ->
                        views.add(new DecisionView(d.type().name(), d.clause(), d.rule(), d.reason(), d.interpretation())));
                List<String> rules = trace ? List.copyOf(firedByCreator.getOrDefault(c.id(), Set.of())) : List.of();
                creators.add(new CreatorTrace(new CreatorResult(c.id(), List.copyOf(views)), rules));
            }
            return new EvaluationTrace(List.of(), contacts, creators);
        } finally {
            session.dispose();
        }
    }

    /**
     * Fires the rules of a P1 session within the firing limit: {@code limit} firings per contact request and
     * creator. Past it, the same facts run again in a session that counts firings per rule, and the
     * evaluation stops with a {@link RunawayRulesException} naming the rule that fired most (its file and line).
     * A consequence that throws stops it too, named.
     */
    static void fire(KieSession session, RuleSet ruleSet, int limitPerItem, int items,
                     java.util.function.Supplier<KieSession> again) {
        long max = Math.min(Integer.MAX_VALUE - 1L, (long) limitPerItem * Math.max(1, items));
        try {
            if (session.fireAllRules((int) max + 1) <= max) {
                return;
            }
        } catch (org.kie.api.runtime.rule.ConsequenceException e) {
            throw failed(ruleSet, e);
        }
        Map<String, Integer> counts = new HashMap<>();
        KieSession counted = again.get();
        try {
            counted.addEventListener(new DefaultAgendaEventListener() {
                @Override
                public void beforeMatchFired(org.kie.api.event.rule.BeforeMatchFiredEvent event) {
                    counts.merge(event.getMatch().getRule().getName(), 1, Integer::sum);
                }
            });
            counted.fireAllRules((int) max + 1);
        } catch (org.kie.api.runtime.rule.ConsequenceException e) {
            throw failed(ruleSet, e);
        } finally {
            counted.dispose();
        }
        Map.Entry<String, Integer> top = counts.entrySet().stream()
                .max(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                .orElse(Map.entry("?", 0));
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        throw new RunawayRulesException(ruleSet.locationOf(top.getKey()) + ": rule \"" + top.getKey() + "\" fired "
                + top.getValue() + " times deciding " + items + " contact request(s) and creator(s)"
                + (total > top.getValue() ? " (" + total + " firings in all)" : "") + ", reaching the limit of "
                + limitPerItem + " firings per contact request or creator (--max-firings); evaluation stopped, nothing written");
    }

    private static RunawayRulesException failed(RuleSet ruleSet, org.kie.api.runtime.rule.ConsequenceException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        String why = cause.getMessage() == null || cause.getMessage().isBlank()
                ? cause.getClass().getSimpleName() : cause.getMessage();
        String rule = e.getRule() == null ? "?" : e.getRule().getName();
        String what = "?";
        if (e.getMatch() != null) {
            for (Object o : e.getMatch().getObjects()) {
                if (o instanceof ContactRequest r) {
                    what = "contact request " + r.id();
                    break;
                } else if (o instanceof Quota q) {
                    what = "contact request " + q.requestId();
                    break;
                } else if (o instanceof Creator c) {
                    what = "creator " + c.id();
                    break;
                }
            }
        }
        return new RunawayRulesException(ruleSet.locationOf(rule) + ": rule \"" + rule + "\" failed for " + what + ": "
                + why.replaceAll("\\s+", " ").trim());
    }

    /** The contract's view of an outcome; a request the rules left undecided is an internal error. */
    static ContactResult result(String requestId, ContactOutcome o) {
        if (o == null) {
            throw new IllegalStateException("the rules decided nothing for contact request " + requestId);
        }
        return new ContactResult(o.requestId(), o.type().name(), o.clause(), o.rule(), o.counted(), o.remaining(),
                o.quota(), o.used(), o.weekStart(), o.reason(), o.interpretation());
    }

    static List<ContactResult> contactResults(EvaluationTrace t) {
        List<ContactResult> out = new ArrayList<>(t.contacts().size());
        t.contacts().forEach(c -> out.add(c.result()));
        return out;
    }

    static List<CreatorResult> creatorResults(EvaluationTrace t) {
        List<CreatorResult> out = new ArrayList<>(t.creators().size());
        t.creators().forEach(c -> out.add(c.result()));
        return out;
    }
}
