-- The province hub's schema (docs/hub.md). Geometry columns are SRID 4326 (WGS 84 lon/lat), as the app
-- stores them, so QGIS opens these tables directly.
CREATE EXTENSION IF NOT EXISTS postgis;

CREATE TABLE provinces (
  code text PRIMARY KEY CHECK (code ~ '^[0-9]{2}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE accounts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  login text NOT NULL UNIQUE CHECK (login ~ '^[a-z0-9][a-z0-9._-]{2,63}$'),
  password_hash text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'ward', 'reviewer')),
  -- NULL only for an admin of the whole hub.
  province_code text REFERENCES provinces (code),
  -- The ward's own unit (5-digit code); only ward accounts have one.
  unit_code text CHECK (unit_code ~ '^[0-9]{5}$'),
  created_by bigint REFERENCES accounts (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  disabled_at timestamptz,
  CHECK ((role = 'ward') = (unit_code IS NOT NULL)),
  CHECK (role = 'admin' OR province_code IS NOT NULL)
);

CREATE TABLE sessions (
  -- SHA-256 of the 32 random bytes the cookie carries: a leaked table does not give live sessions.
  id_hash bytea PRIMARY KEY CHECK (length(id_hash) = 32),
  account_id bigint NOT NULL REFERENCES accounts (id),
  -- SHA-256 of the CSRF token handed out at login, required in X-CSRF-Token on every mutating request.
  csrf_hash bytea NOT NULL CHECK (length(csrf_hash) = 32),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  ip text
);
CREATE INDEX sessions_account_idx ON sessions (account_id);

-- Accepted states of a province, numbered 1, 2, 3 ... with no hole (trigger below).
CREATE TABLE revisions (
  province_code text NOT NULL REFERENCES provinces (code),
  number integer NOT NULL CHECK (number >= 1),
  accepted_at timestamptz NOT NULL DEFAULT now(),
  accepted_by bigint REFERENCES accounts (id),
  note text,
  PRIMARY KEY (province_code, number)
);

CREATE FUNCTION revisions_next_number() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  latest integer;
BEGIN
  -- Serialise the numbering per province, so two concurrent inserts cannot both pass the check.
  PERFORM pg_advisory_xact_lock(hashtext('revisions:' || NEW.province_code));
  SELECT max(number) INTO latest FROM revisions WHERE province_code = NEW.province_code;
  IF NEW.number <> coalesce(latest, 0) + 1 THEN
    RAISE EXCEPTION 'revision % of province % is out of order: the next one is %', NEW.number, NEW.province_code, coalesce(latest, 0) + 1
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER revisions_monotonic BEFORE INSERT ON revisions
  FOR EACH ROW EXECUTE FUNCTION revisions_next_number();

-- Every unit of a province at a revision.
CREATE TABLE units (
  province_code text NOT NULL,
  revision integer NOT NULL,
  code text NOT NULL CHECK (code ~ '^[0-9]{5}$'),
  name text NOT NULL,
  type text NOT NULL,
  properties jsonb NOT NULL DEFAULT '{}',
  geom geometry(MultiPolygon, 4326) NOT NULL,
  PRIMARY KEY (province_code, revision, code),
  FOREIGN KEY (province_code, revision) REFERENCES revisions (province_code, number)
);
CREATE INDEX units_geom_idx ON units USING gist (geom);

-- A border: the stretch between two units from node to node (one arc of the topology), at a revision.
-- unit_b is NULL where no unit lies on the other side (the province's outer edge, the coast).
CREATE TABLE borders (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  province_code text NOT NULL,
  revision integer NOT NULL,
  unit_a text NOT NULL CHECK (unit_a ~ '^[0-9]{5}$'),
  unit_b text CHECK (unit_b ~ '^[0-9]{5}$'),
  geom geometry(LineString, 4326) NOT NULL,
  FOREIGN KEY (province_code, revision) REFERENCES revisions (province_code, number),
  CHECK (unit_b IS NULL OR unit_a < unit_b)
);
CREATE INDEX borders_geom_idx ON borders USING gist (geom);
CREATE INDEX borders_revision_idx ON borders (province_code, revision);
CREATE INDEX borders_unit_a_idx ON borders (province_code, revision, unit_a);
CREATE INDEX borders_unit_b_idx ON borders (province_code, revision, unit_b);

-- A unit's proposed new course for a border; a counter-proposal answers another proposal.
CREATE TABLE proposals (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  border_id bigint NOT NULL REFERENCES borders (id),
  proposing_unit text NOT NULL CHECK (proposing_unit ~ '^[0-9]{5}$'),
  proposed_by bigint NOT NULL REFERENCES accounts (id),
  base_revision integer NOT NULL CHECK (base_revision >= 1),
  geom geometry(LineString, 4326) NOT NULL,
  status text NOT NULL DEFAULT 'open'
    CHECK (status IN ('open', 'accepted', 'rejected', 'countered', 'withdrawn', 'superseded')),
  counter_of bigint REFERENCES proposals (id),
  note text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX proposals_border_idx ON proposals (border_id);
CREATE INDEX proposals_geom_idx ON proposals USING gist (geom);

-- The other unit's answer to a proposal: accept, reject with a reason, or counter with a proposal.
CREATE TABLE decisions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  proposal_id bigint NOT NULL REFERENCES proposals (id),
  deciding_unit text NOT NULL CHECK (deciding_unit ~ '^[0-9]{5}$'),
  decided_by bigint NOT NULL REFERENCES accounts (id),
  decision text NOT NULL CHECK (decision IN ('accept', 'reject', 'counter')),
  reason text,
  counter_proposal_id bigint REFERENCES proposals (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (decision <> 'reject' OR length(trim(coalesce(reason, ''))) > 0),
  CHECK ((decision = 'counter') = (counter_proposal_id IS NOT NULL))
);
CREATE INDEX decisions_proposal_idx ON decisions (proposal_id);

-- Append-only: every accepted change and every denial. The triggers below refuse UPDATE, DELETE and
-- TRUNCATE, whoever asks.
CREATE TABLE audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT clock_timestamp(),
  account_id bigint REFERENCES accounts (id),
  -- The login name tried, for failed logins (no account is known then).
  login text,
  ip text,
  method text,
  path text,
  action text NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('ok', 'denied')),
  status integer,
  reason text,
  details jsonb
);
CREATE INDEX audit_log_login_failures_idx ON audit_log (login, at) WHERE action = 'login.failure';
CREATE INDEX audit_log_ip_failures_idx ON audit_log (ip, at) WHERE action = 'login.failure';

CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
