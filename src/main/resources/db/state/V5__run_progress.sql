-- Version 5: runs you can follow from anywhere. (V4 is the flow lease and the shared request budget.)
-- One portable script for H2 2.x and PostgreSQL 15, like V1-V4 (plain ADD COLUMN; DEFAULT ... NOT NULL on both).
--  * run_trigger: what started the run: cli, schedule, admin or page ("trigger" is a keyword: not used as a name).
--  * holder: the runner (host/pid#runner, as in flow_lease) that queued the run.
--  * pages, updated_at: live progress, written with each page commit (counts and api_calls are kept up to date
--    there too, so another process reads a running run's progress from this row). For a queued run, updated_at is
--    its runner's sign of life, renewed every third of the lease ttl while it waits: a queued run of another holder
--    not renewed for a ttl is marked abandoned when its flow's lease is next taken (its process died).
--  * expected_total: how many records the run expects to read when the source could count them cheaply; else NULL.
-- Statuses added: queued (opened at submit time, not started yet) and refused (its turn came and the flow was busy).
ALTER TABLE sync_run ADD COLUMN run_trigger VARCHAR(20);
ALTER TABLE sync_run ADD COLUMN holder VARCHAR(255);
ALTER TABLE sync_run ADD COLUMN pages BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE sync_run ADD COLUMN expected_total BIGINT;
ALTER TABLE sync_run ADD COLUMN updated_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX ix_sync_run_flow_status ON sync_run (flow, status);
