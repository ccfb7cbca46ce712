-- Version 3: re-drive of dead letters. A dead letter is either transient (the record itself was fine; an activity
-- failed or timed out, retries ran out): the flow tries it again from next_attempt_at on; or permanent (the record
-- was refused: a mapping, a limit, a value Constant Contact or the CRM rejected): it stays until the record changes
-- or an operator acts. next_attempt_at is NULL for permanent ones and for transient ones that ran out of attempts.
-- (V2 is the token store.)
ALTER TABLE dead_letter ADD COLUMN kind VARCHAR(20) DEFAULT 'permanent' NOT NULL;
ALTER TABLE dead_letter ADD COLUMN next_attempt_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX ix_dead_letter_due ON dead_letter (flow, next_attempt_at);
