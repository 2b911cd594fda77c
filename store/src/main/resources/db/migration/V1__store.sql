-- The daily sweep's store (README "The daily sweep and its store"). Portable SQL: the same migration
-- runs on the embedded H2 and on PostgreSQL (a test runs it against a real PostgreSQL server).
--
-- Keys: every merchant row is keyed by (merchant_id, sweep_day), so a day's work for a group of merchants
-- touches only its own keys; runs are keyed by run_id, one committed run per swept day.

-- One row: a sweep locks it (on a connection of its own) from start to end, so two sweeps of one store
-- never interleave.
create table sweep_lock (
    id integer not null primary key
);
insert into sweep_lock (id) values (1);

-- One row per sweep of a day. A day is swept by one COMMITTED run; a --replace run marks the run it
-- replaces REPLACED (its decisions stay in the audit log; its state rows stop counting). A run is
-- RUNNING while its rows are written, in many small transactions; one last small transaction makes it
-- COMMITTED. Every reader looks only at rows of committed runs, so a day becomes visible whole or not
-- at all; the rows of a RUNNING run left by a crash are deleted when the next sweep starts.
create table runs (
    run_id          bigint       not null primary key,
    sweep_day       date         not null,
    status          varchar(16)  not null,
    snapshot_sha256 varchar(64)  not null,
    snapshot_names  varchar      not null,
    rules_sha256    varchar(64)  not null,
    policy_id       varchar(64)  not null,
    policy_version  varchar(64)  not null,
    policy_sha256   varchar(64)  not null,
    merchants       bigint       not null,
    rejected        bigint       not null,
    started_at      timestamp    not null,
    finished_at     timestamp,
    replaced_by     bigint
);
create index runs_by_day on runs (sweep_day, status);

-- Decisions per type of each run (the run's closing summary).
create table run_counts (
    run_id        bigint      not null references runs (run_id),
    decision_type varchar(64) not null,
    decisions     bigint      not null,
    primary key (run_id, decision_type)
);

-- A merchant's alliance and grade state after a day: one row on the day the merchant is first seen
-- and one on every day its state changes. The state on day D is the merchant's latest row of a
-- committed run with sweep_day <= D; re-running the last day (a REPLACED run) so rolls the state back.
create table merchant_state (
    merchant_id      varchar  not null,
    sweep_day        date     not null,
    run_id           bigint   not null,
    member           boolean  not null,
    admitted_on      date,
    closures         integer  not null,
    closed_on        date,
    grade_level      integer,
    grade_changed_on date,
    lv0_since        date,
    primary key (merchant_id, sweep_day, run_id)
);

-- The audit log: every decision of every run, in the order the result lists them (seq). (run_id of
-- this table and of merchant_state is not a foreign key: an index on it would slow the day's inserts,
-- and rows are only ever written in the transaction that writes their run.)
create table decisions (
    merchant_id    varchar     not null,
    sweep_day      date        not null,
    run_id         bigint      not null,
    seq            integer     not null,
    decision_type  varchar(64) not null,
    clause         varchar(32) not null,
    rule_name      varchar     not null,
    reason         varchar     not null,
    interpretation varchar,
    primary key (merchant_id, sweep_day, run_id, seq)
);

-- The audit log as people ask for it: each decision of a committed day with the policy and the
-- checksums of the rules and policy that made it.
create view audit_log as
select d.merchant_id, d.sweep_day, d.decision_type, d.clause, d.rule_name, d.reason, d.interpretation,
       r.policy_id, r.policy_version, r.rules_sha256, r.policy_sha256, d.run_id, d.seq
from decisions d
join runs r on r.run_id = d.run_id
where r.status = 'COMMITTED';
