-- Who exported a salon's data or erased a client, and when (SPEC §12). Rows name the actor (a user
-- or an API key) and what was done, never the personal data itself.

CREATE TABLE audit_log (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    salon_id    bigint NOT NULL REFERENCES salons (id),
    -- `user:<id>` or `key:<id>`.
    actor       text NOT NULL,
    action      text NOT NULL CHECK (action IN ('export', 'erase_client')),
    -- What the action was about: an export's format, an erased client's id and booking count.
    detail      text NOT NULL DEFAULT '',
    at          timestamptz NOT NULL
);

CREATE INDEX audit_log_salon ON audit_log (salon_id, at);
