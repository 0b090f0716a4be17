-- A lease take-over (the worker holding a job died) is not a failed attempt: counted apart,
-- so crashes do not use up the attempts a job has for platform errors.
ALTER TABLE jobs ADD COLUMN takeovers BIGINT NOT NULL DEFAULT 0;
