-- Offline-first sync (docs/hub.md, "Sync"): the ops a ward pushed, once each, and the change sequence
-- a pull's cursor counts on.

-- Every op a ward pushed, with the answer it got. An applied op's row is written in the same transaction
-- as its effect, a refused one's in the transaction that rolled the effect back: a replayed op_id answers
-- from here and changes nothing.
CREATE TABLE sync_ops (
  account_id bigint NOT NULL REFERENCES accounts (id),
  op_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('propose', 'decide')),
  status integer NOT NULL CHECK (status BETWEEN 200 AND 499),
  body jsonb NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, op_id)
);

-- Every insert or update of a proposal (its status, a decision on it) stamps the proposal with the next
-- value of one sequence, under a per-province advisory lock held until the transaction ends. So within a
-- province, stamp order is commit order: once a pull sees stamp s committed, every smaller stamp of the
-- province is committed too (or rolled back for good), and `change_seq > cursor` never skips a change.
CREATE SEQUENCE sync_change_seq;

ALTER TABLE proposals ADD COLUMN change_seq bigint;
UPDATE proposals SET change_seq = nextval('sync_change_seq');
ALTER TABLE proposals ALTER COLUMN change_seq SET NOT NULL;
CREATE INDEX proposals_change_seq_idx ON proposals (change_seq);

CREATE FUNCTION proposals_stamp_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  province text;
BEGIN
  SELECT province_code INTO province FROM borders WHERE id = NEW.border_id;
  PERFORM pg_advisory_xact_lock(hashtext('sync:' || province));
  NEW.change_seq := nextval('sync_change_seq');
  RETURN NEW;
END $$;
CREATE TRIGGER proposals_stamp_change BEFORE INSERT OR UPDATE ON proposals
  FOR EACH ROW EXECUTE FUNCTION proposals_stamp_change();

-- A decision changes its proposal: stamp the proposal again, whoever writes the decision.
CREATE FUNCTION decisions_stamp_proposal() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE proposals SET change_seq = 0 WHERE id = NEW.proposal_id; -- the stamp trigger sets the real value
  RETURN NEW;
END $$;
CREATE TRIGGER decisions_stamp_proposal AFTER INSERT ON decisions
  FOR EACH ROW EXECUTE FUNCTION decisions_stamp_proposal();
