package org.alliancerules.bench.jmh;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.concurrent.TimeUnit;

import org.alliancerules.engine.RulesEngine;
import org.alliancerules.model.ContactQuery;
import org.alliancerules.model.ContactRequestInput;
import org.alliancerules.model.ContactResult;
import org.alliancerules.model.PartyRef;
import org.alliancerules.model.WeekUsageInput;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One contact request at a time, as a host application asks them (a merchant clicks "chat"): a warm engine
 * decides {@link RulesEngine#decideContact} queries cycling through 1,000 prepared ones (merchants, creators,
 * institutions and team leaders; new and existing conversations, views; under and over the quota; non-members
 * and same-type pairs). Sample time: JMH prints p50, p90, p99 in µs. Run: {@code bench/jmh.sh OneContact}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC"})
public class OneContactBenchmark {

    RulesEngine engine;
    ContactQuery[] queries;
    int next;

    @Setup(Level.Trial)
    public void setUp() {
        engine = RulesEngine.builder().threads(1).build();
        queries = queries(1_000);
    }

    /** A deterministic mix of queries. */
    static ContactQuery[] queries(int n) {
        java.util.Random random = new java.util.Random(42);
        LocalDate week = LocalDate.of(2026, 11, 23);
        ContactQuery[] out = new ContactQuery[n];
        for (int i = 0; i < n; i++) {
            int kind = random.nextInt(10);
            OffsetDateTime at = OffsetDateTime.parse("2026-11-23T00:00:00+08:00").plusMinutes(random.nextInt(7 * 24 * 60));
            PartyRef merchant = new PartyRef("MERCHANT", "m-" + random.nextInt(1000));
            PartyRef creator = new PartyRef("CREATOR", "cr-" + random.nextInt(1000));
            int used = random.nextInt(220);
            boolean exists = random.nextInt(4) == 0;
            ContactQuery q;
            if (kind < 5) {
                q = new ContactQuery(null, new ContactRequestInput("r-" + i, at, "OPEN_CONVERSATION", merchant, creator),
                        ContactQuery.Sender.merchant(random.nextInt(20) != 0, random.nextDouble() * 800_000), exists,
                        new WeekUsageInput(merchant, week, used, null, used / 2));
            } else if (kind < 7) {
                q = new ContactQuery(null, new ContactRequestInput("r-" + i, at, "VIEW_CONTACT", merchant, creator),
                        ContactQuery.Sender.merchant(true, random.nextDouble() * 800_000), false,
                        new WeekUsageInput(merchant, week, used, null, used / 2));
            } else if (kind < 9) {
                q = new ContactQuery(null, new ContactRequestInput("r-" + i, at, "OPEN_CONVERSATION", creator, merchant),
                        ContactQuery.Sender.creator(random.nextInt(8)), exists, new WeekUsageInput(creator, week, used, null, 0));
            } else {
                PartyRef leader = new PartyRef("TEAM_LEADER", "tl-" + random.nextInt(50));
                q = new ContactQuery(null, new ContactRequestInput("r-" + i, at, "OPEN_CONVERSATION", leader,
                        random.nextBoolean() ? merchant : creator), ContactQuery.Sender.other(), exists,
                        new WeekUsageInput(leader, week, used * 3, used * 3, 0));
            }
            out[i] = q;
        }
        return out;
    }

    @Benchmark
    public ContactResult decideOneContact() {
        ContactQuery q = queries[next];
        next = next + 1 == queries.length ? 0 : next + 1;
        return engine.decideContact(q);
    }
}
