package org.alliancerules.engine;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

import org.alliancerules.facts.Decision;
import org.alliancerules.facts.MerchantScoped;
import org.alliancerules.facts.NextGrade;
import org.alliancerules.facts.NextMembership;
import org.alliancerules.io.InvalidInputException;
import org.alliancerules.io.RequestReader;
import org.alliancerules.facts.Controller;
import org.alliancerules.facts.Merchant;
import org.alliancerules.model.AllianceState;
import org.alliancerules.model.DecisionView;
import org.alliancerules.model.EvaluationRequest;
import org.alliancerules.model.EvaluationResult;
import org.alliancerules.model.GradeState;
import org.alliancerules.model.MerchantInput;
import org.alliancerules.model.MerchantResult;
import org.alliancerules.model.NextState;
import org.alliancerules.model.ShopPenalty;
import org.alliancerules.policy.Policy;
import org.alliancerules.policy.PolicyLoader;
import org.alliancerules.policy.PolicySet;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionsPool;

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

    /** Decisions are listed by type (contract order), then clause, rule and reason. */
    private static final Comparator<Decision> DECISION_ORDER = Comparator
            .comparing(Decision::type)
            .thenComparing(Decision::clause)
            .thenComparing(Decision::rule)
            .thenComparing(Decision::reason);

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

    private RulesEngine(RuleSet ruleSet, PolicySet policies, int batchSize, int threads, boolean reuseSessions) {
        this.ruleSet = ruleSet;
        this.policies = policies;
        this.batchSize = batchSize;
        this.threads = threads;
        this.sessions = reuseSessions ? ruleSet.kieBase().newKieSessionsPool(threads) : null;
    }

    public static Builder builder() {
        return new Builder();
    }

    public RuleSet ruleSet() {
        return ruleSet;
    }

    public PolicySet policies() {
        return policies;
    }

    /** The policy a request will be evaluated under. */
    public Policy policyFor(EvaluationRequest request) {
        Policy policy = policies.find(request.policyOrDefault());
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
        return new EvaluationResult(request.asOf(), policyFor(request).label(), results);
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
        List<MerchantTrace> traces = runBatch(policy, asOf, part, outside, false);
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
        List<List<MerchantInput>> batches = Batches.keepingControllersTogether(request.merchants(), batchSize);
        @SuppressWarnings("unchecked")
        List<MerchantTrace>[] out = new List[batches.size()];
        if (threads <= 1 || batches.size() <= 1) {
            for (int i = 0; i < batches.size(); i++) {
                out[i] = runBatch(policy, request.asOf(), batches.get(i), List.of(), trace);
            }
        } else {
            ForkJoinPool pool = new ForkJoinPool(threads);
            try {
                pool.submit(() -> IntStream.range(0, batches.size()).parallel()
                        .forEach(i -> out[i] = runBatch(policy, request.asOf(), batches.get(i), List.of(), trace))).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("evaluation interrupted", e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            } finally {
                pool.shutdown();
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

    /** One session for a batch of merchants; a controller's shops are always in the same batch (ADM-5). */
    List<MerchantTrace> runBatch(Policy policy, LocalDate asOf, List<MerchantInput> batch, List<ShopPenalty> outside,
                                 boolean trace) {
        KieSession session = trace || sessions == null ? ruleSet.kieBase().newKieSession() : sessions.newKieSession();
        Map<String, Set<String>> fired = trace ? new HashMap<>() : null;
        try {
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
            // the day and the policy's sections are globals the rules read (never facts to join)
            setGlobal(session, "today", asOf);
            setGlobal(session, "admission", policy.admission());
            setGlobal(session, "check", policy.check());
            setGlobal(session, "strikes", policy.strikes());
            setGlobal(session, "grading", policy.grading());
            for (Object level : policy.levels()) {
                session.insert(level);
            }
            List<Merchant> merchants = new ArrayList<>(batch.size());
            for (MerchantInput m : batch) {
                Merchant merchant = FactMapper.merchant(m);
                merchants.add(merchant);
                session.insert(merchant);
            }
            for (Controller c : FactMapper.controllers(merchants, outside)) {
                session.insert(c);
            }
            session.fireAllRules();

            Map<String, List<Decision>> decisions = new HashMap<>();
            Map<String, NextMembership> memberships = new HashMap<>();
            Map<String, NextGrade> grades = new HashMap<>();
            for (Object o : session.getObjects()) {
                if (o instanceof Decision d) {
                    decisions.computeIfAbsent(d.merchantId(), k -> new ArrayList<>()).add(d);
                } else if (o instanceof NextMembership n) {
                    memberships.put(n.merchantId(), n);
                } else if (o instanceof NextGrade g) {
                    grades.put(g.merchantId(), g);
                }
            }
            List<MerchantTrace> results = new ArrayList<>(batch.size());
            for (MerchantInput m : batch) {
                List<Decision> ds = decisions.getOrDefault(m.id(), List.of());
                List<DecisionView> views = new ArrayList<>(ds.size());
                ds.stream().sorted(DECISION_ORDER).forEach(d ->
                        views.add(new DecisionView(d.type().name(), d.clause(), d.rule(), d.reason(), d.interpretation())));
                NextMembership nm = memberships.get(m.id());
                AllianceState alliance = nm == null ? FactMapper.allianceOf(m)
                        : new AllianceState(nm.member(), nm.admittedOn(), nm.closures(), nm.closedOn());
                NextGrade ng = grades.get(m.id());
                GradeState grade = ng == null ? m.grade() : new GradeState(ng.level(), ng.lastChangedOn(), ng.lv0Since());
                MerchantResult r = new MerchantResult(m.id(), List.copyOf(views), new NextState(alliance, grade));
                List<String> rules = trace ? List.copyOf(fired.getOrDefault(m.id(), Set.of())) : List.of();
                results.add(new MerchantTrace(r, rules));
            }
            return results;
        } finally {
            session.dispose();
        }
    }

    private void setGlobal(KieSession session, String name, Object value) {
        if (ruleSet.globals().contains(name)) {
            session.setGlobal(name, value);
        }
    }

    /** Configures and builds an engine. */
    public static final class Builder {
        private Path rulesDirectory;
        private Path policyFile;
        private int batchSize = 2_000;
        private int threads = Runtime.getRuntime().availableProcessors();
        private boolean reuseSessions = false;

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
            RuleSet rules = rulesDirectory == null ? RuleSet.fromClasspath() : RuleSet.fromDirectory(rulesDirectory);
            PolicySet policies = rulesDirectory == null
                    ? PolicySet.fromClasspath()
                    : PolicySet.fromDirectory(rulesDirectory.resolve("policy"));
            if (policyFile != null) {
                policies = policies.withOverride(PolicyLoader.load(policyFile));
            }
            return new RulesEngine(rules, policies, batchSize, threads, reuseSessions);
        }
    }
}
