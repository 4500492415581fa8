-- The reviewer flow (docs/hub.md, "Submissions"): a ward submits its unit's boundary as it stands at a
-- revision; a reviewer of the province accepts it or returns it with a reason.
CREATE TABLE submissions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  province_code text NOT NULL,
  revision integer NOT NULL,
  unit_code text NOT NULL,
  submitted_by bigint NOT NULL REFERENCES accounts (id),
  note text,
  -- pending until reviewed; a ward's new submission supersedes its pending one.
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'returned', 'superseded')),
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (province_code, revision, unit_code) REFERENCES units (province_code, revision, code)
);
CREATE INDEX submissions_unit_idx ON submissions (province_code, unit_code);
-- At most one pending submission per unit.
CREATE UNIQUE INDEX submissions_one_pending_idx ON submissions (province_code, unit_code) WHERE status = 'pending';

-- A reviewer's answer to a submission: accept, or return with a reason. One per submission.
CREATE TABLE submission_reviews (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  submission_id bigint NOT NULL UNIQUE REFERENCES submissions (id),
  reviewed_by bigint NOT NULL REFERENCES accounts (id),
  decision text NOT NULL CHECK (decision IN ('accept', 'return')),
  reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (decision <> 'return' OR length(trim(coalesce(reason, ''))) > 0)
);

-- Finding a border's earlier rows (same units) for its status and agreement record.
CREATE INDEX borders_pair_idx ON borders (province_code, unit_a, unit_b);
