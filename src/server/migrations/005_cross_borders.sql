-- Borders between provinces (docs/hub.md, "Borders between provinces"): a stretch of one province's
-- outer edge that another loaded province's outer edge runs along, vertex for vertex. Each province's
-- topology cuts its edge at its own nodes, so a cross border is the part one outer arc of province_a
-- shares with one outer arc of province_b; it lies inside one arc of each, which is what lets an agreed
-- course be spliced into both. The row is the border's current course: an agreement updates it, and
-- revision_a / revision_b are the revisions of the two provinces that have that course.
CREATE TABLE cross_borders (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  province_a text NOT NULL REFERENCES provinces (code),
  unit_a text NOT NULL CHECK (unit_a ~ '^[0-9]{5}$'),
  province_b text NOT NULL REFERENCES provinces (code),
  unit_b text NOT NULL CHECK (unit_b ~ '^[0-9]{5}$'),
  geom geometry(LineString, 4326) NOT NULL,
  revision_a integer NOT NULL,
  revision_b integer NOT NULL,
  linked_at timestamptz NOT NULL DEFAULT now(),
  CHECK (province_a < province_b),
  FOREIGN KEY (province_a, revision_a) REFERENCES revisions (province_code, number),
  FOREIGN KEY (province_b, revision_b) REFERENCES revisions (province_code, number)
);
CREATE INDEX cross_borders_geom_idx ON cross_borders USING gist (geom);
CREATE INDEX cross_borders_a_idx ON cross_borders (province_a, unit_a);
CREATE INDEX cross_borders_b_idx ON cross_borders (province_b, unit_b);

-- A ward's proposed course for a cross border, as `proposals` for a border inside a province; the
-- proposing unit is named with its province. base_revision_a / _b: the cross border's revisions it
-- starts from.
CREATE TABLE cross_proposals (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  cross_border_id bigint NOT NULL REFERENCES cross_borders (id),
  proposing_province text NOT NULL REFERENCES provinces (code),
  proposing_unit text NOT NULL CHECK (proposing_unit ~ '^[0-9]{5}$'),
  proposed_by bigint NOT NULL REFERENCES accounts (id),
  base_revision_a integer NOT NULL CHECK (base_revision_a >= 1),
  base_revision_b integer NOT NULL CHECK (base_revision_b >= 1),
  geom geometry(LineString, 4326) NOT NULL,
  status text NOT NULL DEFAULT 'open'
    CHECK (status IN ('open', 'accepted', 'rejected', 'countered', 'withdrawn', 'superseded')),
  counter_of bigint REFERENCES cross_proposals (id),
  note text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cross_proposals_border_idx ON cross_proposals (cross_border_id);
CREATE INDEX cross_proposals_geom_idx ON cross_proposals USING gist (geom);

-- The unit across's answer: accept, reject with a reason, or counter with a cross proposal.
CREATE TABLE cross_decisions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  cross_proposal_id bigint NOT NULL REFERENCES cross_proposals (id),
  deciding_province text NOT NULL REFERENCES provinces (code),
  deciding_unit text NOT NULL CHECK (deciding_unit ~ '^[0-9]{5}$'),
  decided_by bigint NOT NULL REFERENCES accounts (id),
  decision text NOT NULL CHECK (decision IN ('accept', 'reject', 'counter')),
  reason text,
  counter_proposal_id bigint REFERENCES cross_proposals (id),
  -- The two revisions an acceptance wrote.
  revision_a integer,
  revision_b integer,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (decision <> 'reject' OR length(trim(coalesce(reason, ''))) > 0),
  CHECK ((decision = 'counter') = (counter_proposal_id IS NOT NULL)),
  CHECK ((decision = 'accept') = (revision_a IS NOT NULL AND revision_b IS NOT NULL))
);
CREATE INDEX cross_decisions_proposal_idx ON cross_decisions (cross_proposal_id);
