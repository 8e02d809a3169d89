-- Moving a booking (SPEC §10): the number of times it moved, which its calendar file's SEQUENCE
-- follows, and a message per move (the outbox's uniqueness now includes that number).

ALTER TABLE bookings ADD COLUMN sequence integer NOT NULL DEFAULT 0;

ALTER TABLE notifications ADD COLUMN sequence integer NOT NULL DEFAULT 0;

ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;

ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check CHECK (kind IN (
    'confirmation', 'cancellation', 'reminder', 'rescheduled', 'owner_new', 'owner_moved', 'owner_cancelled'));

ALTER TABLE notifications DROP CONSTRAINT notifications_booking_id_kind_channel_recipient_lead_minute_key;

ALTER TABLE notifications ADD CONSTRAINT notifications_once
    UNIQUE (booking_id, kind, channel, recipient, lead_minutes, sequence);
