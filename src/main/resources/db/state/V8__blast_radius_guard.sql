-- Version 8: the blast-radius guard (docs/safety.md). (V7 is the journal.)
-- One portable script for H2 2.x and PostgreSQL 15, like V1-V6.
--  * guard_hold: one row per held run. status: held (awaiting a decision), approved, rejected, superseded (a later
--    held run of the same flow replaced it before anyone decided) or spent (the first cycle of its flow that ended
--    after the decision applied it; a decision applies once). summary: the breaches in plain words (counts, kinds,
--    field names and list ids, never a value). linked: the flow's linked contacts the limits were computed from.
--  * guard_effect: the held plan's destructive effects, one row per record and effect: kind is unsubscribe, delete,
--    list-removal or blank; detail is the field (blank) or list id (list-removal), '' otherwise. An approval lets
--    exactly these effects through; a rejection parks the records that carry them.
CREATE TABLE guard_hold (
    run_id      BIGINT       NOT NULL PRIMARY KEY,
    flow        VARCHAR(32)  NOT NULL,
    status      VARCHAR(16)  NOT NULL,
    held_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    decided_at  TIMESTAMP WITH TIME ZONE,
    decided_by  VARCHAR(64),
    linked      BIGINT       NOT NULL,
    summary     VARCHAR(4000) NOT NULL
);
CREATE INDEX ix_guard_hold_flow_status ON guard_hold (flow, status);
CREATE TABLE guard_effect (
    run_id  BIGINT       NOT NULL,
    crm_id  VARCHAR(255) NOT NULL,
    kind    VARCHAR(16)  NOT NULL,
    detail  VARCHAR(255) NOT NULL
);
CREATE INDEX ix_guard_effect_run ON guard_effect (run_id);
