-- Version 4: one run of a flow at a time across processes, and one daily request budget per Constant Contact
-- application across processes. (V3 is the re-drive of dead letters.)

-- Who may run a flow right now. A run takes the row (INSERT when there is none, UPDATE when the last holder's
-- lease expired), renews expires_at while it runs (heartbeat) and deletes the row when it ends. A holder that dies
-- stops renewing; once expires_at has passed, the next run takes the row and marks the dead holder's run abandoned.
-- The primary key is what makes two concurrent first acquisitions safe: the second INSERT fails and means "held".
CREATE TABLE flow_lease (
    flow         VARCHAR(100)             NOT NULL,
    holder       VARCHAR(255)             NOT NULL,
    run_id       BIGINT,
    acquired_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    heartbeat_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_flow_lease PRIMARY KEY (flow)
);

-- Requests sent to Constant Contact per UTC day and OAuth client id, added to in batches by every process of the
-- application; throttled counts 429 throttled answers, quota_exceeded_at the first 429 quota_exceeded of the day.
-- "utc_day", not "day": DAY is a keyword in H2.
CREATE TABLE api_budget (
    utc_day           DATE                     NOT NULL,
    client_id         VARCHAR(255)             NOT NULL,
    used              BIGINT DEFAULT 0         NOT NULL,
    throttled         BIGINT DEFAULT 0         NOT NULL,
    quota_exceeded_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT pk_api_budget PRIMARY KEY (utc_day, client_id)
);
