// Borders and proposals.
import type { LineString } from 'geojson';
import type { Db, Tx } from './pool';

export interface Border {
  id: number;
  provinceCode: string;
  revision: number;
  unitA: string;
  unitB: string | null;
  /** Further units on the same stretch (an overlap in the data): no proposal is taken on such a border. */
  otherUnits: string[];
  geometry: LineString;
}

export async function findBorder(db: Db | Tx, id: number): Promise<Border | null> {
  const { rows } = await db.query<{ id: number; province_code: string; revision: number; unit_a: string; unit_b: string | null; other_units: string[]; geometry: string }>(
    `SELECT id, province_code, revision, unit_a, unit_b, other_units, ST_AsGeoJSON(geom, 15) AS geometry FROM borders WHERE id = $1`,
    [id],
  );
  const r = rows[0];
  return r ? { id: r.id, provinceCode: r.province_code, revision: r.revision, unitA: r.unit_a, unitB: r.unit_b, otherUnits: r.other_units, geometry: JSON.parse(r.geometry) as LineString } : null;
}

/** The latest accepted revision of a province, or null when none is loaded. */
export async function latestRevision(db: Db | Tx, provinceCode: string): Promise<number | null> {
  const { rows } = await db.query<{ n: number | null }>('SELECT max(number) AS n FROM revisions WHERE province_code = $1', [provinceCode]);
  return rows[0]?.n ?? null;
}

export interface NewProposal {
  borderId: number;
  proposingUnit: string;
  proposedBy: number;
  baseRevision: number;
  geometry: LineString;
  note: string | null;
}

export async function insertProposal(tx: Tx, p: NewProposal & { counterOf?: number }): Promise<number> {
  const { rows } = await tx.query<{ id: number }>(
    `INSERT INTO proposals (border_id, proposing_unit, proposed_by, base_revision, geom, note, counter_of)
     VALUES ($1, $2, $3, $4, ST_SetSRID(ST_GeomFromGeoJSON($5), 4326), $6, $7) RETURNING id`,
    [p.borderId, p.proposingUnit, p.proposedBy, p.baseRevision, JSON.stringify(p.geometry), p.note, p.counterOf ?? null],
  );
  return rows[0]!.id;
}

export interface Proposal {
  id: number;
  borderId: number;
  proposingUnit: string;
  status: string;
}

/** A proposal, locked for the rest of the transaction so two decisions on it cannot both pass. */
export async function lockProposal(tx: Tx, id: number): Promise<Proposal | null> {
  const { rows } = await tx.query<{ id: number; border_id: number; proposing_unit: string; status: string }>(
    'SELECT id, border_id, proposing_unit, status FROM proposals WHERE id = $1 FOR UPDATE',
    [id],
  );
  const r = rows[0];
  return r ? { id: r.id, borderId: r.border_id, proposingUnit: r.proposing_unit, status: r.status } : null;
}

export interface NewDecision {
  proposalId: number;
  decidingUnit: string;
  decidedBy: number;
  decision: 'accept' | 'reject' | 'counter';
  reason: string | null;
  counterProposalId: number | null;
}

/** Records a decision and sets the proposal's status from it. */
export async function insertDecision(tx: Tx, d: NewDecision): Promise<number> {
  const status = d.decision === 'accept' ? 'accepted' : d.decision === 'reject' ? 'rejected' : 'countered';
  await tx.query('UPDATE proposals SET status = $2 WHERE id = $1', [d.proposalId, status]);
  const { rows } = await tx.query<{ id: number }>(
    `INSERT INTO decisions (proposal_id, deciding_unit, decided_by, decision, reason, counter_proposal_id)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [d.proposalId, d.decidingUnit, d.decidedBy, d.decision, d.reason, d.counterProposalId],
  );
  return rows[0]!.id;
}

/** The open proposals on a border. */
export async function openProposals(tx: Tx, borderId: number): Promise<Proposal[]> {
  const { rows } = await tx.query<{ id: number; border_id: number; proposing_unit: string; status: string }>(
    "SELECT id, border_id, proposing_unit, status FROM proposals WHERE border_id = $1 AND status = 'open' ORDER BY id",
    [borderId],
  );
  return rows.map((r) => ({ id: r.id, borderId: r.border_id, proposingUnit: r.proposing_unit, status: r.status }));
}

export async function unitExists(db: Db | Tx, provinceCode: string, revision: number, code: string): Promise<boolean> {
  const { rowCount } = await db.query('SELECT 1 FROM units WHERE province_code = $1 AND revision = $2 AND code = $3', [provinceCode, revision, code]);
  return rowCount === 1;
}

/** The course a proposal gives its border. */
export async function proposalCourse(db: Db | Tx, id: number): Promise<LineString> {
  const { rows } = await db.query<{ geometry: string }>('SELECT ST_AsGeoJSON(geom, 15) AS geometry FROM proposals WHERE id = $1', [id]);
  if (!rows[0]) throw new Error(`proposal ${id} is gone`);
  return JSON.parse(rows[0].geometry) as LineString;
}
