-- The 双费双率 panel reads one row per unit and month instead of every vehicle-day and vehicle-month: at province
-- scale (40,000 cars, 3 million trips, 10 million transactions a year) the finer rollups are millions of rows.
-- Written for PostgreSQL 15 and PGlite. Append-only once landed.

-- Daily figures keep trips from the telematics gateway (gps_*) apart from trips written from dispatches: a car with a
-- terminal has both for the same drive. A day's effective figures are the GPS ones when it has any GPS trip.
ALTER TABLE fleet_vehicle_day
  ADD COLUMN gps_km numeric(10, 2) NOT NULL DEFAULT 0,
  ADD COLUMN gps_trips integer NOT NULL DEFAULT 0,
  ADD COLUMN gps_minutes integer NOT NULL DEFAULT 0;

-- Per unit (the car's unit when the figure was written) and month. Costs by category from fleet_cost_month; km,
-- driving minutes and working days with a trip (vehicle-days) from fleet_vehicle_day, both kept by triggers below.
-- A car moved to another unit leaves its history with the old unit; a car's status is read when its day is written.
-- (A calendar change later re-counts days by the cars' current status.)
CREATE TABLE fleet_unit_month (
  unit_id           integer NOT NULL REFERENCES org (id),
  month             date NOT NULL CHECK (extract(day FROM month) = 1),
  fuel              numeric(16, 2) NOT NULL DEFAULT 0,
  repair            numeric(16, 2) NOT NULL DEFAULT 0,
  insurance         numeric(16, 2) NOT NULL DEFAULT 0,
  toll              numeric(16, 2) NOT NULL DEFAULT 0,
  parking           numeric(16, 2) NOT NULL DEFAULT 0,
  other             numeric(16, 2) NOT NULL DEFAULT 0,
  designated_base   integer NOT NULL DEFAULT 0,     -- fuel, repair and insurance transactions
  designated_count  integer NOT NULL DEFAULT 0,     -- of those, at a designated provider within its contract
  km                numeric(14, 2) NOT NULL DEFAULT 0,     -- every car of the unit (the base of ¥/km)
  -- the same of the cars that were in use (status 在用) when the day was written: the utilisation rates
  inuse_km          numeric(14, 2) NOT NULL DEFAULT 0,
  inuse_minutes     bigint NOT NULL DEFAULT 0,
  inuse_trip_days   integer NOT NULL DEFAULT 0,            -- vehicle-days with a trip on a working day
  -- no CHECKs on the sums: the triggers add signed changes through INSERT … ON CONFLICT, whose proposed row is checked
  PRIMARY KEY (unit_id, month)
);
CREATE INDEX fleet_unit_month_month_idx ON fleet_unit_month (month);

-- Costs: the change of a vehicle-month-category row goes to the car's unit.
CREATE FUNCTION fleet_unit_month_cost() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  d numeric := NEW.amount - CASE WHEN TG_OP = 'UPDATE' THEN OLD.amount ELSE 0 END;
  dn integer := NEW.tx_count - CASE WHEN TG_OP = 'UPDATE' THEN OLD.tx_count ELSE 0 END;
  dd integer := NEW.designated_count - CASE WHEN TG_OP = 'UPDATE' THEN OLD.designated_count ELSE 0 END;
  three boolean := NEW.category IN ('fuel', 'repair', 'insurance');
BEGIN
  INSERT INTO fleet_unit_month AS um (unit_id, month, fuel, repair, insurance, toll, parking, other, designated_base, designated_count)
  SELECT v.unit_id, NEW.month,
         CASE WHEN NEW.category = 'fuel' THEN d ELSE 0 END, CASE WHEN NEW.category = 'repair' THEN d ELSE 0 END,
         CASE WHEN NEW.category = 'insurance' THEN d ELSE 0 END, CASE WHEN NEW.category = 'toll' THEN d ELSE 0 END,
         CASE WHEN NEW.category = 'parking' THEN d ELSE 0 END, CASE WHEN NEW.category = 'other' THEN d ELSE 0 END,
         CASE WHEN three THEN dn ELSE 0 END, CASE WHEN three THEN dd ELSE 0 END
  FROM fleet_vehicle v WHERE v.id = NEW.vehicle_id
  ON CONFLICT (unit_id, month) DO UPDATE SET
    fuel = um.fuel + excluded.fuel, repair = um.repair + excluded.repair, insurance = um.insurance + excluded.insurance,
    toll = um.toll + excluded.toll, parking = um.parking + excluded.parking, other = um.other + excluded.other,
    designated_base = um.designated_base + excluded.designated_base,
    designated_count = um.designated_count + excluded.designated_count;
  RETURN NULL;
END $$;
CREATE TRIGGER fleet_unit_month_cost AFTER INSERT OR UPDATE ON fleet_cost_month FOR EACH ROW EXECUTE FUNCTION fleet_unit_month_cost();

-- Use: a day's effective km, minutes and whether it counts as a working day with a trip.
CREATE FUNCTION fleet_vehicle_day_effective(vd fleet_vehicle_day, OUT km numeric, OUT minutes integer, OUT trip_day integer)
LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN vd.gps_trips > 0 THEN vd.gps_km ELSE vd.km END,
         CASE WHEN vd.gps_trips > 0 THEN vd.gps_minutes ELSE vd.drive_minutes END,
         CASE WHEN (vd.gps_trips > 0 OR vd.trips > 0) AND is_working_day(vd.day) THEN 1 ELSE 0 END
$$;

CREATE FUNCTION fleet_unit_month_use() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  n record;
  o record;
  vid integer;
  m date;
BEGIN
  IF TG_OP = 'DELETE' THEN vid := OLD.vehicle_id; m := date_trunc('month', OLD.day)::date;
  ELSE vid := NEW.vehicle_id; m := date_trunc('month', NEW.day)::date; END IF;
  IF TG_OP = 'DELETE' THEN SELECT 0::numeric AS km, 0 AS minutes, 0 AS trip_day INTO n;
  ELSE SELECT * INTO n FROM fleet_vehicle_day_effective(NEW); END IF;
  IF TG_OP = 'INSERT' THEN SELECT 0::numeric AS km, 0 AS minutes, 0 AS trip_day INTO o;
  ELSE SELECT * INTO o FROM fleet_vehicle_day_effective(OLD); END IF;
  IF (n.km, n.minutes, n.trip_day) IS DISTINCT FROM (o.km, o.minutes, o.trip_day) THEN
    INSERT INTO fleet_unit_month AS um (unit_id, month, km, inuse_km, inuse_minutes, inuse_trip_days)
    SELECT v.unit_id, m, n.km - o.km, u * (n.km - o.km), u * (n.minutes - o.minutes), u * (n.trip_day - o.trip_day)
    FROM fleet_vehicle v CROSS JOIN LATERAL (SELECT CASE WHEN v.status = 'in_use' THEN 1 ELSE 0 END AS u) s WHERE v.id = vid
    ON CONFLICT (unit_id, month) DO UPDATE SET
      km = um.km + excluded.km, inuse_km = um.inuse_km + excluded.inuse_km, inuse_minutes = um.inuse_minutes + excluded.inuse_minutes,
      inuse_trip_days = um.inuse_trip_days + excluded.inuse_trip_days;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER fleet_unit_month_use AFTER INSERT OR UPDATE OR DELETE ON fleet_vehicle_day FOR EACH ROW EXECUTE FUNCTION fleet_unit_month_use();

-- A day that becomes (or stops being) a working day moves its vehicle-days with a trip in or out of trip_days.
CREATE FUNCTION fleet_unit_month_calendar() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  d date := CASE WHEN TG_OP = 'DELETE' THEN OLD.day ELSE NEW.day END;
  plain boolean := extract(isodow FROM CASE WHEN TG_OP = 'DELETE' THEN OLD.day ELSE NEW.day END) < 6;
  was boolean := CASE WHEN TG_OP = 'INSERT' THEN plain ELSE OLD.kind = 'workday' END;
  now_ boolean := CASE WHEN TG_OP = 'DELETE' THEN plain ELSE NEW.kind = 'workday' END;
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.day <> NEW.day THEN
    RAISE EXCEPTION 'a calendar day cannot change its date' USING ERRCODE = '23514', CONSTRAINT = 'calendar_day_fixed';
  END IF;
  IF was <> now_ THEN
    INSERT INTO fleet_unit_month AS um (unit_id, month, inuse_trip_days)
    SELECT v.unit_id, date_trunc('month', d)::date, (CASE WHEN now_ THEN 1 ELSE -1 END) * count(*)::int
    FROM fleet_vehicle_day vd JOIN fleet_vehicle v ON v.id = vd.vehicle_id
    WHERE vd.day = d AND (vd.trips > 0 OR vd.gps_trips > 0) AND v.status = 'in_use'
    GROUP BY v.unit_id
    ON CONFLICT (unit_id, month) DO UPDATE SET inuse_trip_days = um.inuse_trip_days + excluded.inuse_trip_days;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER fleet_unit_month_calendar AFTER INSERT OR UPDATE OR DELETE ON calendar_day FOR EACH ROW EXECUTE FUNCTION fleet_unit_month_calendar();

-- Adds the finer rollups of the cars with id > after_vehicle to fleet_unit_month: for this migration (what is already
-- there) and for bulk loads that switch the per-row triggers off (the province-scale generator).
CREATE FUNCTION fleet_unit_month_add_rollups(after_vehicle integer) RETURNS void LANGUAGE sql AS $$
  INSERT INTO fleet_unit_month AS um (unit_id, month, fuel, repair, insurance, toll, parking, other, designated_base, designated_count)
  SELECT v.unit_id, cm.month,
         coalesce(sum(cm.amount) FILTER (WHERE cm.category = 'fuel'), 0), coalesce(sum(cm.amount) FILTER (WHERE cm.category = 'repair'), 0),
         coalesce(sum(cm.amount) FILTER (WHERE cm.category = 'insurance'), 0), coalesce(sum(cm.amount) FILTER (WHERE cm.category = 'toll'), 0),
         coalesce(sum(cm.amount) FILTER (WHERE cm.category = 'parking'), 0), coalesce(sum(cm.amount) FILTER (WHERE cm.category = 'other'), 0),
         coalesce(sum(cm.tx_count) FILTER (WHERE cm.category IN ('fuel', 'repair', 'insurance')), 0),
         coalesce(sum(cm.designated_count) FILTER (WHERE cm.category IN ('fuel', 'repair', 'insurance')), 0)
  FROM fleet_cost_month cm JOIN fleet_vehicle v ON v.id = cm.vehicle_id
  WHERE cm.vehicle_id > after_vehicle
  GROUP BY 1, 2
  ON CONFLICT (unit_id, month) DO UPDATE SET
    fuel = um.fuel + excluded.fuel, repair = um.repair + excluded.repair, insurance = um.insurance + excluded.insurance,
    toll = um.toll + excluded.toll, parking = um.parking + excluded.parking, other = um.other + excluded.other,
    designated_base = um.designated_base + excluded.designated_base, designated_count = um.designated_count + excluded.designated_count;
  INSERT INTO fleet_unit_month AS um (unit_id, month, km, inuse_km, inuse_minutes, inuse_trip_days)
  -- the same figures as fleet_vehicle_day_effective, written out so that millions of rows need no function calls
  SELECT v.unit_id, date_trunc('month', vd.day)::date, sum(e.km), coalesce(sum(e.km) FILTER (WHERE v.status = 'in_use'), 0),
         coalesce(sum(e.minutes) FILTER (WHERE v.status = 'in_use'), 0), coalesce(sum(e.trip_day) FILTER (WHERE v.status = 'in_use'), 0)
  FROM fleet_vehicle_day vd JOIN fleet_vehicle v ON v.id = vd.vehicle_id
  LEFT JOIN calendar_day c ON c.day = vd.day
  CROSS JOIN LATERAL (SELECT CASE WHEN vd.gps_trips > 0 THEN vd.gps_km ELSE vd.km END AS km,
                             CASE WHEN vd.gps_trips > 0 THEN vd.gps_minutes ELSE vd.drive_minutes END AS minutes,
                             CASE WHEN (vd.gps_trips > 0 OR vd.trips > 0)
                                   AND coalesce(c.kind = 'workday', extract(isodow FROM vd.day) < 6) THEN 1 ELSE 0 END AS trip_day) e
  WHERE vd.vehicle_id > after_vehicle
  GROUP BY 1, 2
  ON CONFLICT (unit_id, month) DO UPDATE SET
    km = um.km + excluded.km, inuse_km = um.inuse_km + excluded.inuse_km, inuse_minutes = um.inuse_minutes + excluded.inuse_minutes,
    inuse_trip_days = um.inuse_trip_days + excluded.inuse_trip_days;
$$;
SELECT fleet_unit_month_add_rollups(0);
