-- Salons, their bookings, and the idempotency records of booking requests.
-- The exclusion constraint is the final arbiter of overlap: two confirmed bookings of one staff member
-- can never occupy intersecting time, whatever any cache or race says.

CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE salons (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug            text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9-]{3,40}$'),
    owner_key_hash  text NOT NULL,
    config          jsonb NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE bookings (
    id                 uuid PRIMARY KEY,
    salon_id           bigint NOT NULL REFERENCES salons (id),
    code               text NOT NULL,
    service_key        text NOT NULL,
    staff_key          text NOT NULL,
    starts_at          timestamptz NOT NULL,
    ends_at            timestamptz NOT NULL,
    occupied           tstzrange NOT NULL,
    status             text NOT NULL DEFAULT 'confirmed' CHECK (status IN ('confirmed', 'cancelled')),
    client_name        text NOT NULL,
    client_email       text,
    client_phone       text,
    notes              text NOT NULL DEFAULT '',
    manage_token_hash  text NOT NULL UNIQUE,
    created_at         timestamptz NOT NULL DEFAULT now(),
    cancelled_at       timestamptz,
    CHECK (starts_at < ends_at),
    CHECK (lower(occupied) <= starts_at AND ends_at <= upper(occupied)),
    CHECK (client_email IS NOT NULL OR client_phone IS NOT NULL),
    CONSTRAINT bookings_code_unique UNIQUE (salon_id, code),
    CONSTRAINT bookings_no_overlap EXCLUDE USING gist (
        salon_id WITH =, staff_key WITH =, occupied WITH &&
    ) WHERE (status = 'confirmed')
);

CREATE INDEX bookings_salon_starts_at ON bookings (salon_id, starts_at);

CREATE TABLE idempotency_keys (
    salon_id      bigint NOT NULL REFERENCES salons (id),
    key           text NOT NULL,
    request_hash  text NOT NULL,
    booking_id    uuid NOT NULL REFERENCES bookings (id) DEFERRABLE INITIALLY DEFERRED,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (salon_id, key)
);
