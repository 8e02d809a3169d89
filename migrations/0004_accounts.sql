-- Owners and staff (SPEC §11): users are email addresses, memberships give them a role in a salon,
-- sign-in links and sessions are stored only as SHA-256 hashes, owner API keys are named and revocable.
-- Bookings gain an outcome (completed, no-show) and blocks: time a staff member is away, stored as a
-- row of `bookings` so the same exclusion constraint keeps blocks and appointments from overlapping.

CREATE TABLE users (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- Lower-case, as `shared::client::Email` normalises it.
    email       text NOT NULL UNIQUE CHECK (email = lower(email) AND email LIKE '%_@_%'),
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE memberships (
    user_id     bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    salon_id    bigint NOT NULL REFERENCES salons (id),
    role        text NOT NULL CHECK (role IN ('owner', 'staff')),
    -- The staff member whose calendar a staff user sees; an owner may be one too.
    staff_key   text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, salon_id),
    CHECK (role = 'owner' OR staff_key IS NOT NULL)
);

CREATE INDEX memberships_salon ON memberships (salon_id);

CREATE TABLE sign_in_links (
    token_hash  text PRIMARY KEY,
    user_id     bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz
);

CREATE INDEX sign_in_links_user ON sign_in_links (user_id, created_at);
CREATE INDEX sign_in_links_expires ON sign_in_links (expires_at);

CREATE TABLE sessions (
    token_hash    text PRIMARY KEY,
    user_id       bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at    timestamptz NOT NULL,
    -- Sliding: each use moves it to 30 days after that use.
    expires_at    timestamptz NOT NULL
);

CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE api_keys (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    salon_id    bigint NOT NULL REFERENCES salons (id),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
    key_hash    text NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);

CREATE INDEX api_keys_salon ON api_keys (salon_id);

-- Every salon's key so far becomes its first named key. The old column stays for a Worker of the
-- previous release (expand, then contract in a later migration); this release no longer reads it.
INSERT INTO api_keys (salon_id, name, key_hash, created_at)
SELECT id, 'First key', owner_key_hash, created_at FROM salons;

ALTER TABLE salons ALTER COLUMN owner_key_hash DROP NOT NULL;

-- A private note per client, who is known by their email address, else their phone.
CREATE TABLE client_notes (
    salon_id    bigint NOT NULL REFERENCES salons (id),
    client_key  text NOT NULL,
    note        text NOT NULL,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (salon_id, client_key)
);

-- Whether the client came: NULL until the salon says.
ALTER TABLE bookings ADD COLUMN outcome text CHECK (outcome IN ('completed', 'no_show'));

-- A block holds a staff member's time with no client: no service, no client details, no messages.
ALTER TABLE bookings ADD COLUMN kind text NOT NULL DEFAULT 'appointment'
    CHECK (kind IN ('appointment', 'block'));

-- A walk-in booked by the salon may leave no email or phone; clients booking online still must give
-- one (`shared::client`), and a block has neither.
ALTER TABLE bookings DROP CONSTRAINT bookings_check2;

-- The salon's message to the client with a cancellation, if any.
ALTER TABLE bookings ADD COLUMN cancel_message text;

CREATE INDEX bookings_salon_client_email ON bookings (salon_id, client_email);
CREATE INDEX bookings_salon_client_phone ON bookings (salon_id, client_phone);
