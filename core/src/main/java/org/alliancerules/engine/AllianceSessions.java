package org.alliancerules.engine;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.alliancerules.facts.Decision;
import org.alliancerules.facts.Merchant;
import org.alliancerules.model.DecisionView;
import org.alliancerules.model.MerchantInput;
import org.alliancerules.model.ShopPenalty;
import org.alliancerules.policy.Policy;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Global;
import org.kie.api.runtime.KieSession;

/**
 * For Java hosts that run the packaged rules in a KIE session of their own (issue 20): core's jar is a kjar whose
 * {@code META-INF/kmodule.xml} names the KieBases {@value #DEFAULT} and {@value #V3} and a stateful session of the
 * same name each, so
 * <pre>{@code
 * KieSession session = KieServices.get().getKieClasspathContainer().newKieSession(AllianceSessions.DEFAULT);
 * AllianceSessions.prepare(session, policy, day);   // the globals the rules read, the policy's level facts
 * AllianceSessions.insert(session, merchants);      // one Merchant per merchant, one Controller per controller
 * session.fireAllRules();
 * Map<String, List<DecisionView>> decisions = AllianceSessions.decisions(session);
 * }</pre>
 * gives the decisions {@link RulesEngine} gives for the same merchants, day and policy (the host's listeners and
 * facts may sit beside ours). The facts and globals are the documented API of the rules: the globals {@code today}
 * (the day, never the clock), {@code admission}, {@code check}, {@code strikes}, {@code grading},
 * {@code contactQuota}, {@code showcase} and, for the seed-003 rule set, {@code v3}; the facts in
 * {@code org.alliancerules.facts}. What this class does not do that {@link RulesEngine} does: check the request
 * first (read it with {@code RequestReader}, or call {@code RulesEngine.evaluate} to have it checked), limit rule
 * firings and time, split a large population into sessions, and compute each merchant's next state.
 */
public final class AllianceSessions {

    /** The KieBase and session of the default profile's rules. */
    public static final String DEFAULT = "alliance-default";
    /** The KieBase and session of the seed-003 profile's own rules (rules/v3). */
    public static final String V3 = "alliance-v3";

    /** A merchant's decisions are listed by type (contract order), then clause, rule and reason. */
    static final Comparator<Decision> ORDER = Comparator.comparing(Decision::type)
            .thenComparing(Decision::clause).thenComparing(Decision::rule).thenComparing(Decision::reason);

    private AllianceSessions() {
    }

    /**
     * The name of the KieBase (and session) that runs a policy's profile: {@value #V3} for a profile whose rule set
     * is rules/v3, {@value #DEFAULT} for the top-level rules.
     */
    public static String sessionFor(Policy policy) {
        return "v3".equals(policy.ruleSetOrDefault()) ? V3 : DEFAULT;
    }

    /**
     * Sets every global the session's rules declare from the policy and the day, and inserts the policy's level
     * limits (facts the grading rules join on).
     */
    public static void prepare(KieSession session, Policy policy, LocalDate day) {
        prepare(session, policy, day, globals(session));
    }

    /** {@link #prepare(KieSession, Policy, LocalDate)} with the rule set's globals known (the engine's own sessions). */
    static void prepare(KieSession session, Policy policy, LocalDate day, Set<String> declared) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("today", day);
        values.put("admission", policy.admission());
        values.put("check", policy.check());
        values.put("strikes", policy.strikes());
        values.put("grading", policy.grading());
        values.put("contactQuota", policy.contactQuota());
        values.put("showcase", policy.showcase());
        values.put("v3", policy.v3());
        values.forEach((name, value) -> {
            if (declared.contains(name)) {
                session.setGlobal(name, value);
            }
        });
        for (Object level : policy.levels()) {
            session.insert(level);
        }
    }

    /**
     * Inserts the merchants as the rules see them: one {@code Merchant} fact each (its penalties, grade, metrics and
     * daily figures inside it), the seed-003 facts when the session's rules are that profile's, and one
     * {@code Controller} per controller (the penalties of all its shops, for ADM-5). Give every shop of a controller
     * in one call, as {@link RulesEngine} does, or ADM-5 cannot see a sibling's penalty.
     */
    public static void insert(KieSession session, List<MerchantInput> merchants) {
        insert(session, merchants, List.of(), globals(session).contains("v3"));
    }

    /**
     * {@link #insert(KieSession, List)} for the engine's own sessions: {@code outside} are the severe penalties of
     * the merchants' controllers' shops in other sessions (ADM-5 across the parts of a large population).
     */
    static List<Merchant> insert(KieSession session, List<MerchantInput> merchants, List<ShopPenalty> outside, boolean v3) {
        List<Merchant> facts = new ArrayList<>(merchants.size());
        for (MerchantInput m : merchants) {
            Merchant merchant = FactMapper.merchant(m);
            facts.add(merchant);
            session.insert(merchant);
            if (v3) {
                V3Facts.of(m).forEach(session::insert);
            }
        }
        FactMapper.controllers(facts, outside).forEach(session::insert);
        return facts;
    }

    /** The decisions the rules inserted, per merchant id, each merchant's in the engine's order (type, clause, rule, reason). */
    public static Map<String, List<DecisionView>> decisions(KieSession session) {
        Map<String, List<Decision>> byMerchant = new TreeMap<>();
        for (Object o : session.getObjects(o -> o instanceof Decision)) {
            Decision d = (Decision) o;
            byMerchant.computeIfAbsent(d.merchantId(), k -> new ArrayList<>()).add(d);
        }
        Map<String, List<DecisionView>> out = new TreeMap<>();
        byMerchant.forEach((merchant, ds) -> out.put(merchant, views(ds)));
        return out;
    }

    /** A merchant's decisions as the result lists them, in {@link #ORDER}. */
    static List<DecisionView> views(List<Decision> decisions) {
        return decisions.stream().sorted(ORDER)
                .map(d -> new DecisionView(d.type().name(), d.clause(), d.rule(), d.reason(), d.interpretation())).toList();
    }

    private static Set<String> globals(KieSession session) {
        return session.getKieBase().getKiePackages().stream().map(KiePackage::getGlobalVariables)
                .flatMap(java.util.Collection::stream).map(Global::getName).collect(Collectors.toSet());
    }
}
