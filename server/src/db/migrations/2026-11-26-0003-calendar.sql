-- The working calendar: China's public holidays and the weekend days worked in exchange (调休).
-- Only exceptions are stored; any other day is a working day from Monday to Friday.

CREATE TABLE calendar_day (
  day         date PRIMARY KEY,
  kind        text NOT NULL CHECK (kind IN ('holiday', 'workday')),
  name        text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 40),   -- 春节, 国庆节, 春节调休上班 …
  source      text NOT NULL DEFAULT '' CHECK (length(source) <= 200),       -- the State Council notice
  updated_by  integer REFERENCES app_user (id),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  -- a swapped working day is always a weekend day; a holiday may fall on any day
  CHECK (kind <> 'workday' OR extract(isodow FROM day) IN (6, 7))
);

-- The one definition of a working day, for SQL aggregations (usage rates, off-hours use).
CREATE FUNCTION is_working_day(d date) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT coalesce((SELECT c.kind = 'workday' FROM calendar_day c WHERE c.day = d), extract(isodow FROM d) < 6)
$$;
