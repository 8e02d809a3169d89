-- The notification outbox (SPEC §9). A change someone must hear about inserts its rows in the same
-- statement as the change; a sender claims due rows, sends each through its provider with an
-- Idempotency-Key derived from the row, and records the outcome. Rows are never sent twice: a claim
-- is a conditional update under a lease, and the provider stores a repeated key once.

-- The language the client booked in, for what is sent to them.
ALTER TABLE bookings ADD COLUMN locale text NOT NULL DEFAULT 'en';

CREATE TABLE notifications (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    salon_id         bigint NOT NULL REFERENCES salons (id),
    booking_id       uuid NOT NULL REFERENCES bookings (id) DEFERRABLE INITIALLY DEFERRED,
    -- What happened: confirmation, cancellation, reminder, owner_new, owner_cancelled.
    kind             text NOT NULL CHECK (kind IN ('confirmation', 'cancellation', 'reminder',
                                                   'owner_new', 'owner_cancelled')),
    channel          text NOT NULL CHECK (channel IN ('email', 'sms')),
    recipient        text NOT NULL,
    locale           text NOT NULL,
    -- For reminders, how long before the start; 0 otherwise.
    lead_minutes     integer NOT NULL DEFAULT 0,
    due_at           timestamptz NOT NULL,
    state            text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'dead')),
    attempts         integer NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL,
    -- A sender that claimed the row owns it until then; after, another may take it again.
    leased_until     timestamptz,
    last_error       text,
    provider_id      text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    sent_at          timestamptz,
    -- One message per booking, event, channel, recipient and lead: a retried change adds nothing.
    UNIQUE (booking_id, kind, channel, recipient, lead_minutes)
);

CREATE INDEX notifications_due ON notifications (next_attempt_at) WHERE state = 'pending';

CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);
