-- Vehicle telematics: Beidou terminals speaking JT/T 808, positions, online trips, alerts and the trajectory-overlap
-- rate. Written for PostgreSQL 15 and PGlite. Append-only once landed.

-- ---------------------------------------------------------------- terminals
-- The binding of a terminal to a car is fleet_vehicle.terminal_phone (the archive). This is the terminal's session
-- side: the auth code issued at registration, what it said about itself, whether it is online, and its latest fix.
CREATE TABLE tm_terminal (
  vehicle_id        integer PRIMARY KEY REFERENCES fleet_vehicle (id),
  phone             text NOT NULL UNIQUE CHECK (phone ~ '^[0-9]{11,20}$'),
  protocol          text CHECK (protocol IN ('2013', '2019')),
  auth_code         text CHECK (auth_code ~ '^[0-9A-Za-z]{8,32}$'),
  manufacturer      text CHECK (length(manufacturer) <= 40),
  terminal_model    text CHECK (length(terminal_model) <= 60),
  terminal_id       text CHECK (length(terminal_id) <= 60),
  imei              text CHECK (length(imei) <= 40),
  firmware          text CHECK (length(firmware) <= 60),
  registered_at     timestamptz,
  authenticated_at  timestamptz,
  last_seen_at      timestamptz,                 -- any frame
  online            boolean NOT NULL DEFAULT false,
  -- the newest fix (by fix time) and its figures, for the live map
  last_fix_at       timestamptz,
  last_lat          integer CHECK (last_lat BETWEEN -90000000 AND 90000000),
  last_lon          integer CHECK (last_lon BETWEEN -180000000 AND 180000000),
  last_speed        smallint CHECK (last_speed >= 0),
  last_direction    smallint,
  last_alarm        integer,
  last_status       integer,
  CHECK ((last_fix_at IS NULL) = (last_lat IS NULL)),
  CHECK (auth_code IS NULL OR registered_at IS NOT NULL)
);

-- ---------------------------------------------------------------- positions
-- Every fix as received: raw WGS-84/CGCS2000 coordinates in 1e-6 degrees (south and west negative), converted only
-- for display. Partitioned by Beijing day; idempotent on (vehicle, fix time) — the terminal is bound to one car.
-- No foreign key to fleet_vehicle: it was ~40 % of the insert cost at 20,000 fixes/s, and every writer (the gateway
-- and the bulk ingest) resolves the vehicle from tm_terminal / fleet_vehicle first; vehicles are never deleted.
CREATE TABLE tm_position (
  vehicle_id   integer NOT NULL,
  fix_time     timestamptz NOT NULL,
  lat          integer NOT NULL CHECK (lat BETWEEN -90000000 AND 90000000),
  lon          integer NOT NULL CHECK (lon BETWEEN -180000000 AND 180000000),
  altitude     smallint NOT NULL,
  speed        smallint NOT NULL CHECK (speed >= 0),          -- 0.1 km/h
  direction    smallint NOT NULL CHECK (direction BETWEEN 0 AND 360),
  alarm        integer NOT NULL,                              -- JT/T 808 alarm DWORD (as int32)
  status       integer NOT NULL,                              -- status DWORD (bit 0 ACC, bit 1 fixed …)
  odometer     integer CHECK (odometer >= 0),                 -- item 0x01, 0.1 km
  fuel         integer CHECK (fuel >= 0),                     -- item 0x02, 0.1 L
  backfill     boolean NOT NULL DEFAULT false,                -- from a 0x0704 back-fill batch or arrived late
  received_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (vehicle_id, fix_time)
) PARTITION BY RANGE (fix_time);

-- The day's partition (Beijing day), created on first use; safe to call concurrently.
CREATE FUNCTION tm_position_partition(d date) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  name text := 'tm_position_' || to_char(d, 'YYYYMMDD');
BEGIN
  IF to_regclass(name) IS NULL THEN
    BEGIN
      EXECUTE format('CREATE TABLE %I PARTITION OF tm_position FOR VALUES FROM (%L) TO (%L)', name,
                     (d::timestamp AT TIME ZONE 'Asia/Shanghai'), ((d + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'));
    EXCEPTION WHEN duplicate_table THEN NULL;
    END;
  END IF;
  RETURN name;
END $$;

-- ---------------------------------------------------------------- trips from positions
-- Telematics trips live in fleet_trip beside the trips written from dispatches, with where they began and ended.
ALTER TABLE fleet_trip
  ADD COLUMN start_lat integer,
  ADD COLUMN start_lon integer,
  ADD COLUMN end_lat integer,
  ADD COLUMN end_lon integer,
  ADD COLUMN max_speed smallint CHECK (max_speed >= 0),       -- 0.1 km/h
  ADD COLUMN points integer CHECK (points >= 0);
-- a telematics trip is found again, not duplicated, when a vehicle's day is re-detected
CREATE UNIQUE INDEX fleet_trip_telematics_once ON fleet_trip (vehicle_id, started_at) WHERE source = 'telematics';
CREATE INDEX fleet_trip_dispatch_idx ON fleet_trip (dispatch_id) WHERE dispatch_id IS NOT NULL;

-- The daily figures keep the GPS trips apart from the dispatch trips (columns gps_* from migration 0006).
CREATE OR REPLACE FUNCTION fleet_vehicle_day_add() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  t fleet_trip;
  sign integer;
  minutes integer;
BEGIN
  IF TG_OP = 'DELETE' THEN t := OLD; sign := -1; ELSE t := NEW; sign := 1; END IF;
  minutes := ceil(extract(epoch FROM t.ended_at - t.started_at) / 60)::int;
  IF t.source = 'telematics' THEN
    INSERT INTO fleet_vehicle_day AS vd (vehicle_id, day, km, trips, drive_minutes, gps_km, gps_trips, gps_minutes)
    VALUES (t.vehicle_id, (t.started_at AT TIME ZONE 'Asia/Shanghai')::date, 0, 0, 0, sign * t.km, sign, sign * minutes)
    ON CONFLICT (vehicle_id, day) DO UPDATE SET
      gps_km = vd.gps_km + excluded.gps_km, gps_trips = vd.gps_trips + excluded.gps_trips,
      gps_minutes = vd.gps_minutes + excluded.gps_minutes;
  ELSE
    INSERT INTO fleet_vehicle_day AS vd (vehicle_id, day, km, trips, drive_minutes)
    VALUES (t.vehicle_id, (t.started_at AT TIME ZONE 'Asia/Shanghai')::date, sign * t.km, sign, sign * minutes)
    ON CONFLICT (vehicle_id, day) DO UPDATE SET
      km = vd.km + excluded.km, trips = vd.trips + excluded.trips, drive_minutes = vd.drive_minutes + excluded.drive_minutes;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER fleet_vehicle_day_remove AFTER DELETE ON fleet_trip FOR EACH ROW EXECUTE FUNCTION fleet_vehicle_day_add();
-- a trip's figures are fixed once written: a re-detected trip is deleted and inserted again
CREATE FUNCTION fleet_trip_figures_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.vehicle_id, NEW.started_at, NEW.ended_at, NEW.km, NEW.source) IS DISTINCT FROM (OLD.vehicle_id, OLD.started_at, OLD.ended_at, OLD.km, OLD.source) THEN
    RAISE EXCEPTION 'a trip''s figures cannot be edited' USING ERRCODE = '23514', CONSTRAINT = 'fleet_trip_figures_fixed';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER fleet_trip_figures_fixed BEFORE UPDATE ON fleet_trip FOR EACH ROW EXECUTE FUNCTION fleet_trip_figures_fixed();

-- The online trip detector's state per vehicle, saved with every batch so that a restart continues where it was.
CREATE TABLE tm_motion (
  vehicle_id     integer PRIMARY KEY REFERENCES fleet_vehicle (id),
  last_fix_at    timestamptz NOT NULL,        -- newest fix the detector has consumed
  state          jsonb NOT NULL,              -- detector state (open trip, stop candidate), see trip.detector.ts
  updated_at     timestamptz NOT NULL DEFAULT now()
);

-- Vehicle-days whose trips must be detected again from stored positions (late or back-filled points).
CREATE TABLE tm_redetect (
  vehicle_id  integer NOT NULL REFERENCES fleet_vehicle (id),
  day         date NOT NULL,
  queued_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (vehicle_id, day)
);

-- ---------------------------------------------------------------- geofences
-- Permitted areas and no-go areas. 'region' uses a city or the province boundary from the shipped map; 'polygon'
-- [[lon, lat] …], 'circle' {lon, lat, radiusM}, 'corridor' {line: [[lon, lat] …], widthM}; coordinates WGS-84.
CREATE TABLE tm_geofence (
  id           integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  name         text NOT NULL CHECK (length(btrim(name)) BETWEEN 2 AND 60),
  shape        text NOT NULL CHECK (shape IN ('region', 'polygon', 'circle', 'corridor')),
  region_code  text REFERENCES region (code),
  geometry     jsonb,
  rule         text NOT NULL CHECK (rule IN ('stay_inside', 'keep_out')),
  unit_id      integer NOT NULL REFERENCES org (id),        -- applies to the cars of this unit and the units below it
  unit_path    ltree NOT NULL DEFAULT '',
  region_path  ltree NOT NULL DEFAULT '',
  active       boolean NOT NULL DEFAULT true,
  created_by   integer REFERENCES app_user (id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  CHECK ((shape = 'region') = (region_code IS NOT NULL)),
  CHECK ((shape = 'region') = (geometry IS NULL)),
  UNIQUE (unit_id, name)
);
CREATE TRIGGER tm_geofence_set_scope BEFORE INSERT OR UPDATE OF unit_id ON tm_geofence FOR EACH ROW EXECUTE FUNCTION fleet_set_scope();
CREATE INDEX tm_geofence_unit_gist ON tm_geofence USING gist (unit_path);

-- ---------------------------------------------------------------- platform commands (0x8201 position query, 0x8202 tracking)
CREATE TABLE tm_command (
  id            bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  vehicle_id    integer NOT NULL REFERENCES fleet_vehicle (id),
  message_id    integer NOT NULL CHECK (message_id IN (33281, 33282)),   -- 0x8201, 0x8202
  params        jsonb NOT NULL DEFAULT '{}',
  serial        integer CHECK (serial BETWEEN 0 AND 65535),
  status        text NOT NULL DEFAULT 'sent' CHECK (status IN ('sent', 'answered', 'failed', 'timeout', 'offline')),
  answer        jsonb,
  requested_by  integer REFERENCES app_user (id),
  requested_at  timestamptz NOT NULL DEFAULT now(),
  answered_at   timestamptz,
  CHECK ((status = 'answered') = (answered_at IS NOT NULL))
);
CREATE INDEX tm_command_vehicle_idx ON tm_command (vehicle_id, id DESC);

-- ---------------------------------------------------------------- trajectory overlap (set-based, H3)
-- Per unit and Beijing day: total GPS km and redundant km (Σ over space-time keys of (k − 1) × segment length).
CREATE TABLE tm_overlap_day (
  day            date NOT NULL,
  unit_id        integer NOT NULL REFERENCES org (id),
  total_km       numeric(12, 2) NOT NULL CHECK (total_km >= 0),
  redundant_km   numeric(12, 2) NOT NULL CHECK (redundant_km >= 0 AND redundant_km <= total_km),
  vehicles       integer NOT NULL CHECK (vehicles >= 0),
  computed_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (day, unit_id)
);
-- Pairs of cars that drove together: shared km, first and last shared time, overlap of the shorter trip.
CREATE TABLE tm_overlap_pair (
  day          date NOT NULL,
  vehicle_a    integer NOT NULL REFERENCES fleet_vehicle (id),
  vehicle_b    integer NOT NULL REFERENCES fleet_vehicle (id),
  trip_a       bigint,
  trip_b       bigint,
  unit_id      integer NOT NULL REFERENCES org (id),         -- vehicle_a's unit, for scope
  unit_path    ltree NOT NULL DEFAULT '',
  region_path  ltree NOT NULL DEFAULT '',
  shared_keys  integer NOT NULL CHECK (shared_keys > 0),
  shared_km    numeric(10, 2) NOT NULL CHECK (shared_km >= 0),
  overlap      numeric(5, 4) NOT NULL CHECK (overlap BETWEEN 0 AND 1),   -- shared km ÷ the shorter trip's km
  first_at     timestamptz NOT NULL,
  last_at      timestamptz NOT NULL,
  CHECK (vehicle_a < vehicle_b),
  PRIMARY KEY (day, vehicle_a, vehicle_b)
);
CREATE TRIGGER tm_overlap_pair_set_scope BEFORE INSERT OR UPDATE OF unit_id ON tm_overlap_pair FOR EACH ROW EXECUTE FUNCTION fleet_set_scope();
CREATE INDEX tm_overlap_pair_unit_gist ON tm_overlap_pair USING gist (unit_path);

-- ---- alerts (live rules' episodes)
-- Per vehicle, the live alert rules' running episodes (speeding, idling, power alarms, geofences), saved with every
-- batch so that an episode spanning batches, or a restart, raises one warning.
CREATE TABLE tm_alert_state (
  vehicle_id   integer PRIMARY KEY REFERENCES fleet_vehicle (id),
  last_fix_at  timestamptz NOT NULL,             -- newest fix the rules have consumed
  state        jsonb NOT NULL,                   -- see alert.service.ts (AlertState)
  updated_at   timestamptz NOT NULL DEFAULT now()
);
-- A telematics alert names its episode in subject_key and is raised once, whatever became of it since.
CREATE INDEX warning_kind_subject_idx ON warning (kind, subject_key);

-- ---- geofences: whom a fence applies to
-- The org tree is a forest (each provincial department is a root), so "the unit and below" cannot reach every car. A
-- fence set by an authority (the province's or a city's 机关事务管理局) may apply to every car of its region instead.
ALTER TABLE tm_geofence
  ADD COLUMN applies_to text NOT NULL DEFAULT 'unit' CHECK (applies_to IN ('unit', 'region'));
