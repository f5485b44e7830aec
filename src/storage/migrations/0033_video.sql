-- Video appointments (src/video, docs/video.md): one room per video booking, made when first
-- needed (confirmation message, operator's join, a kiosk). The citizen enters with the room's
-- token (in the link) or its short entry code; the room name is what the video service sees
-- (Jitsi's room, the TURN user name). Nothing of the call is recorded: the signalling messages
-- (session descriptions, network candidates) live only while the room is in use.
CREATE TABLE video_room (
  booking_id uuid PRIMARY KEY REFERENCES booking (id) ON DELETE CASCADE,
  token text NOT NULL UNIQUE CHECK (token ~ '^[A-Za-z0-9_-]{32}$'),
  entry_code text NOT NULL UNIQUE CHECK (entry_code ~ '^[2-9A-HJKMNP-Z]{8}$'),
  room_name text NOT NULL UNIQUE CHECK (room_name ~ '^sportello-[a-z0-9]{20}$'),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Signalling between the two sides of a room, relayed across instances by NOTIFY (the id only:
-- a session description can exceed NOTIFY's 8000 bytes). Deleted after an hour.
CREATE TABLE video_signal (
  id bigserial PRIMARY KEY,
  booking_id uuid NOT NULL REFERENCES video_room (booking_id) ON DELETE CASCADE,
  sender text NOT NULL CHECK (sender IN ('operator', 'citizen')),
  body jsonb NOT NULL CHECK (length(body::text) <= 65536),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX video_signal_created_idx ON video_signal (created_at);
CREATE INDEX video_signal_booking_idx ON video_signal (booking_id);

-- Minutes before the slot the room opens (NULL: VIDEO_OPEN_MINUTES, default 5).
ALTER TABLE office ADD COLUMN video_open_minutes smallint CHECK (video_open_minutes BETWEEN 0 AND 60);
