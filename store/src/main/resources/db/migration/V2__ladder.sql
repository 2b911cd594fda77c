-- Issue 14: the seed-003 profile's violation ladder (V3-VIO-1) chains day to day like the closures do, so the
-- store keeps it with the merchant's state: the next.ladder of the day (all null for a merchant without one,
-- which every merchant of another profile is). Portable SQL: one column per statement (H2 and PostgreSQL).
alter table merchant_state add column ladder_violations integer;
alter table merchant_state add column ladder_counted_through date;
alter table merchant_state add column ladder_traffic_limited_until date;
alter table merchant_state add column ladder_closed_until date;
alter table merchant_state add column ladder_removed boolean;
