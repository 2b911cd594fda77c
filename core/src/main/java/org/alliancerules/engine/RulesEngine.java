package org.alliancerules.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.alliancerules.facts.ContactOutcome;
import org.alliancerules.facts.Controller;
import org.alliancerules.facts.Decision;
import org.alliancerules.facts.Merchant;
import org.alliancerules.facts.MerchantScoped;
import org.alliancerules.facts.NextGrade;
import org.alliancerules.facts.NextLadder;
import org.alliancerules.facts.NextMembership;
import org.alliancerules.io.InvalidInputException;
import org.alliancerules.io.RequestReader;
import org.alliancerules.model.AllianceState;
import org.alliancerules.model.ContactQuery;
import org.alliancerules.model.ContactResult;
import org.alliancerules.model.DecisionView;
import org.alliancerules.model.EvaluationRequest;
import org.alliancerules.model.EvaluationResult;
import org.alliancerules.model.GradeState;
import org.alliancerules.model.LadderState;
import org.alliancerules.model.MerchantInput;
import org.alliancerules.model.MerchantResult;
import org.alliancerules.model.NextState;
import org.alliancerules.model.ShopPenalty;
import org.alliancerules.policy.Policy;
import org.alliancerules.policy.PolicyLoader;
import org.alliancerules.policy.PolicySet;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionsPool;
import org.kie.api.runtime.rule.ConsequenceException;
import org.kie.api.runtime.rule.Match;

/**
 * The engine a host application embeds: built once (rules compiled, policies read), then
 * {@link #evaluate} answers requests. Thread-safe; every call works in sessions of its own.
 *
 * <pre>{@code
 * RulesEngine engine = RulesEngine.builder().build();           // packaged rules and policies
 * EvaluationResult result = engine.evaluate(request);
 * }</pre>
 */
public final class RulesEngine {

    private final RuleSet ruleSet;
    private final PolicySet policies;
    private final int batchSize;
    private final int threads;
    /**
     * When asked for, untraced batches reuse pooled sessions (disposing one resets it and returns it
     * to the pool) instead of a new session per batch. Measured slower (BENCHMARKS.md), so off by
     * default; null: a new session per batch.
     */
    private final KieSessionsPool sessions;
    /** Sessions for {@link #decideContact}: a disposed one is reset and returned to the pool. */
    private final KieSessionsPool contactSessions;
    /** Rule firings allowed per merchant of a batch before the evaluation is stopped as runaway. */
    private final int maxFiringsPerMerchant;
    /** Wall time allowed to one batch (zero: no limit). */
    private final Duration batchTimeout;
    /**
     * Whether the rule set is a profile's that reads the seed-003 facts (declares the global {@code v3}): its
     * sessions get {@link V3Facts} too. False for the default rule set, which never pays for them.
     */
    private final boolean v3Facts;
    /** Loads another rule set by name (a profile's own, e.g. "v3"), or null in an engine for one rule set. */
    private final Function<String, RuleSet> ruleSets;
    /** The engines of the other rule sets, built on first use (issue 14: each profile's rules in their own KieBase). */
    private final Map<String, RulesEngine> profiles = new ConcurrentHashMap<>();

    /** Batches run on these threads when they have a timeout (the caller waits, and can give up). */
    private static final ExecutorService BATCHES = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "alliance-rules-batch");
        t.setDaemon(true);
        return t;
    });

    private RulesEngine(RuleSet ruleSet, PolicySet policies, int batchSize, int threads, boolean reuseSessions,
                        int maxFiringsPerMerchant, Duration batchTimeout,
                        Function<String, RuleSet> ruleSets) {
        this.ruleSet = ruleSet;
        this.ruleSets = ruleSets;
        this.v3Facts = ruleSet.globals().contains("v3");
        this.policies = policies;
        this.batchSize = batchSize;
        this.threads = threads;
        this.maxFiringsPerMerchant = maxFiringsPerMerchant;
        this.batchTimeout = batchTimeout;
        this.sessions = reuseSessions ? ruleSet.kieBase().newKieSessionsPool(threads) : null;
        this.contactSessions = ruleSet.kieBase().newKieSessionsPool(threads);
    }

    /** The default limit of rule firings per merchant. */
    public static final int DEFAULT_MAX_FIRINGS = 1_000;
    /** The default wall time of one batch. */
    public static final Duration DEFAULT_BATCH_TIMEOUT = Duration.ofSeconds(60);

    public static Builder builder() {
        return new Builder();
    }

    /** The default rule set (the DRL at the top of the rules directory). */
    public RuleSet ruleSet() {
        return ruleSet;
    }

    /** The rule set a profile runs: its own (e.g. rules/v3/) when it names one, else the default. */
    public RuleSet ruleSetFor(Policy policy) {
        return engineFor(policy).ruleSet;
    }

    /**
     * Every rule set the engine's profiles run, by name ("default" first): the default one and each one a
     * policy names (built now if it was not yet). Coverage counts the rules of all of them.
     */
    public Map<String, RuleSet> ruleSets() {
        Map<String, RuleSet> all = new LinkedHashMap<>();
        all.put(Policy.DEFAULT_RULE_SET, ruleSet);
        TreeSet<String> names = new TreeSet<>();
        for (Policy p : policies.all().values()) {
            names.add(p.ruleSetOrDefault());
        }
        Policy override = policies.find("\u0000");
        if (override != null) {
            names.add(override.ruleSetOrDefault());
        }
        for (String name : names) {
            if (!name.equals(Policy.DEFAULT_RULE_SET)) {
                all.put(name, engineFor(name).ruleSet);
            }
        }
        return all;
    }

    /** Every rule of every rule set (see {@link #ruleSets()}), sorted by file then name. */
    public List<RuleInfo> allRules() {
        List<RuleInfo> all = new ArrayList<>();
        ruleSets().values().forEach(rs -> all.addAll(rs.rules()));
        all.sort(Comparator.comparing(RuleInfo::file).thenComparing(RuleInfo::name));
        return all;
    }

    /** The engine that runs a profile's rule set: this one for the default rule set. */
    private RulesEngine engineFor(Policy policy) {
        return engineFor(policy.ruleSetOrDefault());
    }

    private RulesEngine engineFor(String name) {
        if (name.equals(Policy.DEFAULT_RULE_SET) || ruleSets == null) {
            return this;
        }
        return profiles.computeIfAbsent(name, n -> new RulesEngine(ruleSets.apply(n), policies, batchSize, threads,
                false, maxFiringsPerMerchant, batchTimeout, null));
    }

    public PolicySet policies() {
        return policies;
    }

    /** The policy a request will be evaluated under. */
    public Policy policyFor(EvaluationRequest request) {
        // a policy is used only from its effectiveFrom on (PolicyException, located in the policy file)
        Policy policy = policies.inEffect(request.policyOrDefault(), request.asOf());
        if (policy == null) {
            throw new UnknownPolicyException(request.policyOrDefault(), policies.all().keySet());
        }
        return policy;
    }

    /**
     * Evaluates every merchant of the request as of its date. The request is first checked exactly as a
     * request file is (schema, unique ids, dates not after asOf, ...), so bad input never reaches the rules.
     *
     * @throws InvalidInputException listing every problem (JSON pointers under {@code <request>})
     */
    public EvaluationResult evaluate(EvaluationRequest request) {
        RequestReader.shared().check(request);
        return evaluateUnchecked(request);
    }

    /**
     * Evaluates a request that is already known to be valid, without checking it again: one read by
     * {@link RequestReader} (which checks every file), or made by a program that only makes valid ones
     * (the bench's generator). Checking costs about as much as evaluating (BENCHMARKS.md); a request that
     * was not checked must go through {@link #evaluate}, or bad input reaches the rules.
     */
    public EvaluationResult evaluateUnchecked(EvaluationRequest request) {
        List<MerchantTrace> traces = run(request, false);
        List<MerchantResult> results = new ArrayList<>(traces.size());
        for (MerchantTrace t : traces) {
            results.add(t.result());
        }
        Policy policy = policyFor(request);
        if (!request.hasP1()) {
            return new EvaluationResult(request.asOf(), policy.label(), results);
        }
        EvaluationTrace p1 = runP1(policy, request, false);
        return new EvaluationResult(request.asOf(), policy.label(), results, P1Session.contactResults(p1),
                P1Session.creatorResults(p1));
    }

    /**
     * Like {@link #evaluate}, and also records which rules fired for each merchant, contact request and
     * creator (fixtures, explain).
     */
    public EvaluationTrace evaluateTracedAll(EvaluationRequest request) {
        RequestReader.shared().check(request);
        List<MerchantTrace> merchants = run(request, true);
        if (!request.hasP1()) {
            return new EvaluationTrace(merchants, List.of(), List.of());
        }
        EvaluationTrace p1 = runP1(policyFor(request), request, true);
        return new EvaluationTrace(merchants, p1.contacts(), p1.creators());
    }

    /**
     * Decides one contact request, as a host application asks it (a merchant clicks "chat" in the alliance's
     * messaging tool): allowed or refused, the clause, whether it counted and what is left of the week's
     * quota. Nothing is built per call: the session comes from a pool and the query is checked in place
     * (no JSON); safe to call from many threads. The quota arithmetic is the rules' (the same DRL and policy
     * as {@link #evaluate}); requests that consume each other's quota go through {@link #evaluate} together.
     *
     * @throws InvalidInputException listing every problem of the query (JSON pointers under {@code <request>})
     * @throws UnknownPolicyException when the query names a policy profile the engine does not have
     * @throws RunawayRulesException when the rules fire more than the firing limit or a consequence throws
     */
    public ContactResult decideContact(ContactQuery query) {
        ContactQueries.check(query);
        Policy policy = contactPolicy(query);
        if (policy == null) {
            throw new UnknownPolicyException(query.policyOrDefault(), policies.all().keySet());
        }
        KieSession session = contactSessions.newKieSession();
        try {
            P1Session.prepare(session, ruleSet.globals(), policy);
            for (Object fact : ContactQueries.facts(query)) {
                session.insert(fact);
            }
            P1Session.fire(session, ruleSet, maxFiringsPerMerchant, 1, () -> {
                KieSession again = ruleSet.kieBase().newKieSession();
                P1Session.prepare(again, ruleSet.globals(), policy);
                for (Object fact : ContactQueries.facts(query)) {
                    again.insert(fact);
                }
                return again;
            });
            for (Object o : session.getObjects(o -> o instanceof ContactOutcome)) {
                return P1Session.result(query.request().id(), (ContactOutcome) o);
            }
            return P1Session.result(query.request().id(), null);
        } finally {
            session.dispose();
        }
    }

    /**
     * The contact requests and creators of a request (P1), in one session of their own (every request may
     * consume the quota of the ones after it), within the firing limit.
     */
    /** The version of the query's profile in force on its request's day (in the profile's time zone). */
    private Policy contactPolicy(ContactQuery query) {
        Policy latest = policies.find(query.policyOrDefault());
        if (latest == null || query.request() == null || query.request().at() == null || latest.contactQuota() == null) {
            return latest;
        }
        return policies.inEffect(query.policyOrDefault(), query.request().at()
                .atZoneSameInstant(java.time.ZoneId.of(latest.contactQuota().timeZone())).toLocalDate());
    }

    private EvaluationTrace runP1(Policy policy, EvaluationRequest request, boolean trace) {
        if (batchTimeout.isZero()) {
            return P1Session.run(ruleSet, () -> ruleSet.kieBase().newKieSession(), maxFiringsPerMerchant, policy, request, trace);
        }
        // as a batch of merchants: on a thread of its own, halted (and its thread stopped) when the time is up
        java.util.concurrent.atomic.AtomicReference<KieSession> current = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicReference<Thread> runner = new java.util.concurrent.atomic.AtomicReference<>();
        Future<EvaluationTrace> done = BATCHES.submit(() -> {
            runner.set(Thread.currentThread());
            return P1Session.run(ruleSet, () -> {
                KieSession session = ruleSet.kieBase().newKieSession();
                current.set(session);
                return session;
            }, maxFiringsPerMerchant, policy, request, trace);
        });
        try {
            return done.get(batchTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            KieSession session = current.get();
            if (session != null) {
                session.halt();
            }
            try {
                done.get(1, TimeUnit.SECONDS);
            } catch (TimeoutException | ExecutionException | RuntimeException stillRunning) {
                stop(runner.get());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            done.cancel(true);
            throw new RunawayRulesException(ruleSet.origin() + ": deciding " + request.contactRequests().size()
                    + " contact request(s) and " + request.creators().size() + " creator(s) ran out of time (limit --batch-timeout "
                    + batchTimeout.toSeconds() + " s); evaluation stopped, nothing written");
        } catch (InterruptedException e) {
            done.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("evaluation interrupted", e);
        } catch (ExecutionException e) {
            throw rethrown(e);
        }
    }

    /**
     * Evaluates one part of a population too big to evaluate at once (streaming). {@code outside}
     * are penalties of shops that are not in this part but share a controller with one that is: they
     * are inserted so that ADM-5 sees the whole controller (pass 1 of a streaming read collects the
     * severe ones). The part is evaluated as one session, whatever the batch size. The merchants must
     * already be valid (read by {@link RequestReader} or a snapshot reader, which check every row); this
     * path does not check them again.
     */
    public List<MerchantResult> evaluatePart(LocalDate asOf, String policyId, List<MerchantInput> part,
                                             List<ShopPenalty> outside) {
        Policy policy = policyFor(new EvaluationRequest(asOf, policyId, List.of()));
        List<MerchantTrace> traces = engineFor(policy).runBatch(policy, asOf, part, outside, false);
        List<MerchantResult> results = new ArrayList<>(traces.size());
        for (MerchantTrace t : traces) {
            results.add(t.result());
        }
        return results;
    }

    /** Like {@link #evaluate}, and also records which rules fired for each merchant (fixtures, explain). */
    public List<MerchantTrace> evaluateTraced(EvaluationRequest request) {
        RequestReader.shared().check(request);
        return run(request, true);
    }

    private List<MerchantTrace> run(EvaluationRequest request, boolean trace) {
        Policy policy = policyFor(request);
        RulesEngine profile = engineFor(policy);
        if (profile != this) {
            return profile.run(request, trace);
        }
        List<List<MerchantInput>> batches = Batches.keepingControllersTogether(request.merchants(), batchSize);
        @SuppressWarnings("unchecked")
        List<MerchantTrace>[] out = new List[batches.size()];
        if (threads <= 1 || batches.size() <= 1) {
            for (int i = 0; i < batches.size(); i++) {
                out[i] = runBatch(policy, request.asOf(), batches.get(i), List.of(), trace);
            }
        } else {
            int[] next = {0};
            try (PartPipeline<List<MerchantTrace>> pipeline = new PartPipeline<>("alliance-rules-evaluate", threads,
                    part -> out[next[0]++] = part)) {
                for (List<MerchantInput> batch : batches) {
                    pipeline.submit(() -> runBatch(policy, request.asOf(), batch, List.of(), trace));
                }
                pipeline.finish();
            }
        }
        Map<String, MerchantTrace> byId = new HashMap<>(request.merchants().size() * 2);
        for (List<MerchantTrace> batch : out) {
            for (MerchantTrace t : batch) {
                byId.put(t.result().merchantId(), t);
            }
        }
        List<MerchantTrace> ordered = new ArrayList<>(request.merchants().size());
        for (MerchantInput m : request.merchants()) {
            ordered.add(byId.get(m.id()));
        }
        return ordered;
    }

    /**
     * One session for a batch of merchants; a controller's shops are always in the same batch (ADM-5).
     * With a batch timeout the batch runs on a thread of its own while the caller waits: when the time is
     * up the session is halted and, if a consequence does not return (a loop inside it), its thread is
     * stopped; the caller gets a {@link RunawayRulesException} either way.
     */
    List<MerchantTrace> runBatch(Policy policy, LocalDate asOf, List<MerchantInput> batch, List<ShopPenalty> outside,
                                 boolean trace) {
        if (batchTimeout.isZero()) {
            return runBatch(policy, asOf, batch, outside, trace, new Watch(false));
        }
        try {
            return timed(policy, asOf, batch, outside, trace, new Watch(false));
        } catch (TimedOut first) {
            // the batch runs again, watched (a listener on the hot path costs: BENCHMARKS.md), to name the
            // rule that is firing when the time is up
            try {
                timed(policy, asOf, batch, outside, trace, new Watch(true));
            } catch (TimedOut again) {
                throw timedOut(again.stuck, batch);
            } catch (RuntimeException other) {
                // the second run failed otherwise: the time-out is still what stopped the evaluation
            }
            throw timedOut(null, batch);
        }
    }

    /** The batch ran out of time; the match being fired then, if it was watched. */
    private static final class TimedOut extends RuntimeException {
        final transient Match stuck;

        TimedOut(Match stuck) {
            super(null, null, false, false);
            this.stuck = stuck;
        }
    }

    private List<MerchantTrace> timed(Policy policy, LocalDate asOf, List<MerchantInput> batch, List<ShopPenalty> outside,
                                      boolean trace, Watch watch) {
        Future<List<MerchantTrace>> done = BATCHES.submit(() -> {
            watch.thread = Thread.currentThread();
            return runBatch(policy, asOf, batch, outside, trace, watch);
        });
        try {
            return done.get(batchTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            watch.timedOut = true;
            Match stuck = watch.current;
            KieSession session = watch.session;
            if (session != null) {
                session.halt();
            }
            try {
                done.get(1, TimeUnit.SECONDS);
            } catch (TimeoutException | ExecutionException | RuntimeException stillRunning) {
                stop(watch.thread);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            done.cancel(true);
            throw new TimedOut(stuck);
        } catch (InterruptedException e) {
            done.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("evaluation interrupted", e);
        } catch (ExecutionException e) {
            throw rethrown(e);
        }
    }

    /**
     * A consequence that loops without returning cannot be halted: its thread is stopped (Thread.stop,
     * still there in Java 17). A JVM without it leaves the thread running (a daemon: it does not keep
     * the JVM alive); the caller has its exception either way.
     */
    @SuppressWarnings({"deprecation", "removal"})
    private static void stop(Thread thread) {
        if (thread == null) {
            return;
        }
        try {
            thread.stop();
        } catch (UnsupportedOperationException | SecurityException e) {
            thread.interrupt();
        }
    }

    private RunawayRulesException timedOut(Match stuck, List<MerchantInput> batch) {
        String limit = "(limit --batch-timeout " + batchTimeout.toSeconds() + " s); evaluation stopped, nothing written";
        if (stuck != null) {
            String rule = stuck.getRule().getName();
            return new RunawayRulesException(ruleSet.locationOf(rule) + ": rule \"" + rule + "\" was still running for merchant "
                    + merchantOf(stuck, batch) + " when its batch ran out of time " + limit);
        }
        return new RunawayRulesException(ruleSet.origin() + ": a batch of " + batch.size() + " merchant(s) (the first "
                + (batch.isEmpty() ? "-" : batch.get(0).id()) + ") ran out of time " + limit);
    }

    private static String merchantOf(Match match, List<MerchantInput> batch) {
        for (Object o : match.getObjects()) {
            if (o instanceof MerchantScoped s) {
                return s.merchantId();
            }
        }
        return batch.size() == 1 ? batch.get(0).id() : "(none: the rule matched no merchant's fact)";
    }

    /** What a running batch is doing, for the thread that waits for it. */
    private static final class Watch extends DefaultAgendaEventListener {
        /** Whether it listens to the session (off on the first run of a batch: no cost on the hot path). */
        final boolean listening;
        volatile KieSession session;
        volatile Thread thread;
        volatile Match current;
        volatile boolean timedOut;

        Watch(boolean listening) {
            this.listening = listening;
        }

        @Override
        public void beforeMatchFired(BeforeMatchFiredEvent event) {
            current = event.getMatch();
        }
    }

    /** Counts firings per merchant and rule (only to name a runaway rule, on a second run of the batch). */
    private static final class Counter extends DefaultAgendaEventListener {
        final Map<String, Map<String, Integer>> counts = new HashMap<>();
        final int limit;
        String merchant;

        Counter(int limit) {
            this.limit = limit;
        }

        @Override
        public void beforeMatchFired(BeforeMatchFiredEvent event) {
            String id = "";
            for (Object o : event.getMatch().getObjects()) {
                if (o instanceof MerchantScoped s) {
                    id = s.merchantId();
                    break;
                }
            }
            Map<String, Integer> byRule = counts.computeIfAbsent(id, k -> new HashMap<>());
            byRule.merge(event.getMatch().getRule().getName(), 1, Integer::sum);
            if (merchant == null && byRule.values().stream().mapToInt(Integer::intValue).sum() >= limit) {
                merchant = id;
                event.getKieRuntime().halt();
            }
        }
    }

    private List<MerchantTrace> runBatch(Policy policy, LocalDate asOf, List<MerchantInput> batch, List<ShopPenalty> outside,
                                         boolean trace, Watch watch) {
        try {
            return runBatch(policy, asOf, batch, outside, trace, watch, null);
        } catch (ConsequenceException e) {
            throw failed(e, batch);
        }
    }

    private RunawayRulesException failed(ConsequenceException e, List<MerchantInput> batch) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        String why = cause.getMessage() == null || cause.getMessage().isBlank()
                ? cause.getClass().getSimpleName() : cause.getMessage();
        String rule = e.getRule() == null ? "?" : e.getRule().getName();
        String merchant = e.getMatch() == null ? "?" : merchantOf(e.getMatch(), batch);
        return new RunawayRulesException(ruleSet.locationOf(rule) + ": rule \"" + rule + "\" failed for merchant "
                + merchant + ": " + why.replaceAll("\\s+", " ").trim());
    }

    /**
     * A batch fired more than its trigger: it runs again with firings counted per merchant. When one
     * merchant reaches the limit the evaluation stops, naming the rule that fired most for it; when none
     * does (a busy but finite batch), the counted run's results are the batch's.
     */
    private List<MerchantTrace> counted(Policy policy, LocalDate asOf, List<MerchantInput> batch,
                                        List<ShopPenalty> outside, boolean trace, Watch watch) {
        Counter counter = new Counter(maxFiringsPerMerchant);
        try {
            return runBatch(policy, asOf, batch, outside, trace, watch, counter);
        } catch (LimitReached reached) {
            String merchant = counter.merchant;
            Map<String, Integer> byRule = counter.counts.getOrDefault(merchant, Map.of());
            Map.Entry<String, Integer> top = byRule.entrySet().stream()
                    .max(Map.Entry.<String, Integer>comparingByValue()
                            .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                    .orElse(Map.entry("?", 0));
            String who = merchant.isEmpty() ? "no merchant (the facts it matched are not a merchant's)" : "merchant " + merchant;
            int total = byRule.values().stream().mapToInt(Integer::intValue).sum();
            throw new RunawayRulesException(ruleSet.locationOf(top.getKey()) + ": rule \"" + top.getKey() + "\" fired "
                    + top.getValue() + " times for " + who + (total > top.getValue() ? " (" + total + " firings in all)" : "")
                    + ", reaching the limit of " + maxFiringsPerMerchant + " firings per merchant (--max-firings); "
                    + "evaluation stopped, nothing written");
        }
    }

    /** A merchant reached the firing limit in a counted run. */
    private static final class LimitReached extends RuntimeException {
        LimitReached() {
            super(null, null, false, false);
        }
    }

    /**
     * Firings that make a batch run again, counted: the limit per merchant times the batch's merchants, up
     * to {@value #TRIGGER_MERCHANTS} merchants (so one runaway merchant in a big batch is caught early; the
     * packaged rules fire a handful of times per merchant).
     */
    private static final int TRIGGER_MERCHANTS = 100;

    private List<MerchantTrace> runBatch(Policy policy, LocalDate asOf, List<MerchantInput> batch, List<ShopPenalty> outside,
                                         boolean trace, Watch watch, Counter counter) {
        KieSession session = trace || sessions == null || counter != null
                ? ruleSet.kieBase().newKieSession() : sessions.newKieSession();
        Map<String, Set<String>> fired = trace ? new HashMap<>() : null;
        watch.session = session;
        try {
            if (watch.timedOut) {
                throw new RunawayRulesException("timed out");
            }
            if (counter != null) {
                session.addEventListener(counter);
            }
            if (watch.listening) {
                session.addEventListener(watch);
            }
            if (trace) {
                session.addEventListener(new DefaultAgendaEventListener() {
                    @Override
                    public void afterMatchFired(AfterMatchFiredEvent event) {
                        String rule = event.getMatch().getRule().getName();
                        for (Object o : event.getMatch().getObjects()) {
                            if (o instanceof MerchantScoped s) {
                                fired.computeIfAbsent(s.merchantId(), k -> new LinkedHashSet<>()).add(rule);
                                break;
                            }
                        }
                    }
                });
            }
            // the day and the policy's sections are globals the rules read (never facts to join); the facts: one
            // Merchant per merchant, the seed-003 facts for its rule set, one Controller per controller. The same
            // code serves a host's own KIE session (AllianceSessions), so the two cannot differ.
            AllianceSessions.prepare(session, policy, asOf, ruleSet.globals());
            AllianceSessions.insert(session, batch, outside, v3Facts);
            if (counter != null) {
                session.fireAllRules(); // the counter halts the session when a merchant reaches the limit
                if (counter.merchant != null) {
                    throw new LimitReached();
                }
            } else {
                long trigger = (long) maxFiringsPerMerchant * Math.max(1, Math.min(batch.size(), TRIGGER_MERCHANTS));
                int max = (int) Math.min(Integer.MAX_VALUE - 1, trigger);
                if (session.fireAllRules(max + 1) > max && !watch.timedOut) {
                    session.dispose();
                    session = null;
                    return counted(policy, asOf, batch, outside, trace, watch);
                }
            }
            if (watch.timedOut) {
                throw new RunawayRulesException("timed out");
            }

            Map<String, List<Decision>> decisions = new HashMap<>();
            Map<String, NextMembership> memberships = new HashMap<>();
            Map<String, NextGrade> grades = new HashMap<>();
            Map<String, NextLadder> ladders = v3Facts ? new HashMap<>() : Map.of();
            for (Object o : session.getObjects()) {
                if (o instanceof Decision d) {
                    decisions.computeIfAbsent(d.merchantId(), k -> new ArrayList<>()).add(d);
                } else if (o instanceof NextMembership n) {
                    memberships.put(n.merchantId(), n);
                } else if (o instanceof NextGrade g) {
                    grades.put(g.merchantId(), g);
                } else if (v3Facts && o instanceof NextLadder l) {
                    ladders.put(l.merchantId(), l);
                }
            }
            List<MerchantTrace> results = new ArrayList<>(batch.size());
            for (MerchantInput m : batch) {
                List<DecisionView> views = AllianceSessions.views(decisions.getOrDefault(m.id(), List.of()));
                NextMembership nm = memberships.get(m.id());
                AllianceState alliance = nm == null ? FactMapper.allianceOf(m)
                        : new AllianceState(nm.member(), nm.admittedOn(), nm.closures(), nm.closedOn());
                NextGrade ng = grades.get(m.id());
                GradeState grade = ng == null ? m.grade() : new GradeState(ng.level(), ng.lastChangedOn(), ng.lv0Since());
                NextState next;
                if (v3Facts) {
                    // the violation ladder chains day to day (V3-VIO-1): today's step, or the state as it came in
                    NextLadder nl = ladders.get(m.id());
                    next = new NextState(alliance, grade, nl == null ? m.ladder()
                            : new LadderState(nl.violations(), nl.countedThrough(),
                                    nl.trafficLimitedUntil(), nl.closedUntil(), nl.removed()));
                } else {
                    next = new NextState(alliance, grade);
                }
                MerchantResult r = new MerchantResult(m.id(), List.copyOf(views), next);
                List<String> rules = trace ? List.copyOf(fired.getOrDefault(m.id(), Set.of())) : List.of();
                results.add(new MerchantTrace(r, rules));
            }
            return results;
        } finally {
            if (session != null) {
                session.dispose();
            }
        }
    }

    /** Configures and builds an engine. */
    public static final class Builder {
        private Path rulesDirectory;
        private Path policyFile;
        private String policyProfile;
        private Policy policy;
        private int batchSize = 2_000;
        private int threads = Runtime.getRuntime().availableProcessors();
        private boolean reuseSessions = false;
        private int maxFiringsPerMerchant = DEFAULT_MAX_FIRINGS;
        private Duration batchTimeout = DEFAULT_BATCH_TIMEOUT;

        /**
         * Rule firings allowed per merchant (default {@value #DEFAULT_MAX_FIRINGS}; the packaged rules fire a
         * handful). A batch that fires more than this times its merchants (up to 100 merchants) runs again with
         * its firings counted per merchant; when one merchant reaches the limit the evaluation stops with a
         * {@link RunawayRulesException} naming the rule that fired most for it, its file and line.
         */
        public Builder maxFiringsPerMerchant(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("the firing limit must be at least 1, not " + max);
            }
            this.maxFiringsPerMerchant = max;
            return this;
        }

        /**
         * Wall time one batch may take (default 60 s; {@link Duration#ZERO}: no limit). When it is up the batch
         * is halted and runs once more, watched, to name the rule that is firing when the time is up again;
         * then the evaluation stops with a {@link RunawayRulesException}. A consequence that never returns
         * (a loop inside it) cannot be halted: its thread is stopped with {@code Thread.stop} (Java 17); on a
         * JVM without it the daemon thread keeps running and only the caller is released.
         */
        public Builder batchTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative()) {
                throw new IllegalArgumentException("the batch timeout must be zero (none) or positive, not " + timeout);
            }
            this.batchTimeout = timeout;
            return this;
        }

        /** Compile the DRL in this directory (and read policies from its policy/ folder) instead of the packaged copy. */
        public Builder rulesDirectory(Path dir) {
            this.rulesDirectory = dir;
            return this;
        }

        /** Use this policy file for every request, whatever profile it names. */
        public Builder policyFile(Path file) {
            this.policyFile = file;
            return this;
        }

        /**
         * Evaluate every request under this profile (its version in force on the request's day), whatever
         * profile the request names; {@link #build} refuses a profile the engine does not have.
         */
        public Builder policyProfile(String profile) {
            this.policyProfile = profile;
            return this;
        }

        /**
         * Use this policy, already loaded, for every request whatever profile it names (as {@link #policyFile},
         * which it takes precedence over), on any day, whether or not its dates put it in force then: a profile's
         * version picked from a {@link PolicySet} ({@code diff}: what would this version have done?).
         */
        public Builder policy(Policy policy) {
            this.policy = policy;
            return this;
        }

        /** Merchants per KIE session (a controller's shops are never split). */
        public Builder batchSize(int size) {
            this.batchSize = Math.max(1, size);
            return this;
        }

        /** Sessions run in parallel on this many threads. */
        public Builder threads(int threads) {
            this.threads = Math.max(1, threads);
            return this;
        }

        /** Reuse pooled KIE sessions across batches instead of a new session per batch (default: off, it measured slower). */
        public Builder reuseSessions(boolean reuse) {
            this.reuseSessions = reuse;
            return this;
        }

        public RulesEngine build() {
            RuleSet rules = rulesDirectory == null ? RuleSet.fromClasspath()
                    : RuleSet.fromDirectory(rulesDirectory, profileFolders(rulesDirectory));
            if (rulesDirectory != null && policyFile == null) {
                requirePolicies(rulesDirectory.resolve("policy"));
            }
            PolicySet policies = rulesDirectory == null
                    ? PolicySet.fromClasspath()
                    : PolicySet.fromDirectory(rulesDirectory.resolve("policy"));
            if (policy != null) {
                policies = policies.withOverrideOnAnyDay(policy);
            } else if (policyFile != null) {
                policies = policies.withOverride(PolicyLoader.load(policyFile));
            }
            if (policyProfile != null) {
                if (policies.find(policyProfile) == null) {
                    throw new UnknownPolicyException(policyProfile, policies.all().keySet());
                }
                policies = policies.withProfile(policyProfile);
            }
            Path dir = rulesDirectory;
            // each profile's own rule set (a policy's ruleSet: DIR/<name>/, or rules/<name>/ in the jar), built
            // on first use; the default rule set is the DRL of the directory outside those sub-folders
            Function<String, RuleSet> others = name -> dir == null
                    ? RuleSet.fromClasspath(name) : RuleSet.fromDirectory(dir.resolve(name), dir);
            return new RulesEngine(rules, policies, batchSize, threads, reuseSessions, maxFiringsPerMerchant, batchTimeout,
                    others);
        }

        /**
         * The sub-folders of a rules directory that hold a profile's own rule set, not the default one: those a
         * policy names ({@code ruleSet}). Read from the policy files' text (the policies are checked after the
         * rules, as before), so a policy that names a rule set and the folder must agree on the name.
         */
        private static Set<String> profileFolders(Path dir) {
            Set<String> names = new TreeSet<>();
            Path folder = dir.resolve("policy");
            if (!Files.isDirectory(folder)) {
                return names;
            }
            Pattern line = Pattern.compile("(?m)^ruleSet:\\s*\"?([a-z0-9][a-z0-9-]*)\"?\\s*(#.*)?$");
            try (var files = Files.list(folder)) {
                for (Path p : files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).toList()) {
                    Matcher m = line.matcher(Files.readString(p));
                    while (m.find()) {
                        names.add(m.group(1));
                    }
                }
            } catch (IOException | UncheckedIOException e) {
                // unreadable policies are reported when they are read
            }
            if (Files.isDirectory(dir.resolve("v3"))) {
                names.add("v3"); // the seed-003 profile's folder is never default DRL, whatever the policies say
            }
            names.remove(Policy.DEFAULT_RULE_SET);
            return names;
        }

        /** A rules directory carries its policies: DIR/policy/*.yaml. */
        private static void requirePolicies(Path folder) {
            if (!Files.isDirectory(folder)) {
                throw new RuleRefusedException(List.of(new RuleError(folder.toString(), 0, 0,
                        "no policy folder (a rules directory needs policy/*.yaml)")));
            }
            try (var files = Files.list(folder)) {
                if (files.noneMatch(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))) {
                    throw new RuleRefusedException(List.of(new RuleError(folder.toString(), 0, 0,
                            "no policy file (*.yaml) in the policy folder")));
                }
            } catch (IOException e) {
                throw new RuleRefusedException(List.of(new RuleError(folder.toString(), 0, 0, "cannot read: " + e.getMessage())));
            }
        }
    }

    /** What a batch's own thread threw, thrown again as it was (an unchecked exception or an error). */
    private static RuntimeException rethrown(ExecutionException e) {
        if (e.getCause() instanceof RuntimeException r) {
            throw r;
        }
        if (e.getCause() instanceof Error err) {
            throw err;
        }
        return new IllegalStateException(e.getCause());
    }
}
