// The sync tables: the ops a ward pushed (sync_ops), and what changed in a province since a cursor.
import type { LineString } from 'geojson';
import type { Tx } from './pool';

export interface StoredOp {
  status: number;
  body: Record<string, unknown>;
}

/**
 * Serialises, until the transaction ends, everything done for one op of one account: two pushes of the
 * same op (a retry while the first is still running) go one after the other, the second finding the
 * first's answer in sync_ops.
 */
export async function lockOp(tx: Tx, accountId: number, opId: string): Promise<void> {
  await tx.query("SELECT pg_advisory_xact_lock(hashtext('sync-op:' || $1::bigint || ':' || $2::uuid))", [accountId, opId]);
}

export async function storedOp(tx: Tx, accountId: number, opId: string): Promise<StoredOp | null> {
  const { rows } = await tx.query<StoredOp>('SELECT status, body FROM sync_ops WHERE account_id = $1 AND op_id = $2', [accountId, opId]);
  return rows[0] ?? null;
}

export async function storeOp(tx: Tx, accountId: number, opId: string, kind: string, answer: StoredOp): Promise<void> {
  await tx.query('INSERT INTO sync_ops (account_id, op_id, kind, status, body) VALUES ($1, $2, $3, $4, $5)', [accountId, opId, kind, answer.status, JSON.stringify(answer.body)]);
}

export interface RevisionInfo {
  number: number;
  acceptedAt: string;
  note: string | null;
}

export async function latestRevisionInfo(tx: Tx, code: string): Promise<RevisionInfo | null> {
  const { rows } = await tx.query<{ number: number; accepted_at: Date; note: string | null }>(
    'SELECT number, accepted_at, note FROM revisions WHERE province_code = $1 ORDER BY number DESC LIMIT 1',
    [code],
  );
  const r = rows[0];
  return r ? { number: r.number, acceptedAt: r.accepted_at.toISOString(), note: r.note } : null;
}

export interface DecisionView {
  decision: string;
  reason: string | null;
  decidingUnit: string;
  decidedBy: string;
  at: string;
}

export interface ProposalView {
  id: number;
  borderId: number;
  borderRevision: number;
  unitA: string;
  unitB: string | null;
  proposingUnit: string;
  proposedBy: string;
  baseRevision: number;
  status: string;
  counterOf: number | null;
  note: string | null;
  createdAt: string;
  geometry: LineString;
  decisions: DecisionView[];
}

/**
 * The province's proposals stamped after `since`, with their decisions, oldest change first, and the
 * cursor to pass next time: the largest stamp of the province the transaction sees. Run it in one
 * snapshot (REPEATABLE READ) so the cursor and the proposals agree; why no change is ever skipped:
 * migrations/003_sync.sql and docs/hub.md, "Sync".
 */
export async function proposalsSince(tx: Tx, code: string, since: string): Promise<{ cursor: string; proposals: ProposalView[] }> {
  const { rows: top } = await tx.query<{ cursor: string }>(
    'SELECT coalesce(max(p.change_seq), 0)::text AS cursor FROM proposals p JOIN borders b ON b.id = p.border_id WHERE b.province_code = $1',
    [code],
  );
  const { rows } = await tx.query<{
    id: number; border_id: number; border_revision: number; unit_a: string; unit_b: string | null; proposing_unit: string; proposed_by: string;
    base_revision: number; status: string; counter_of: number | null; note: string | null; created_at: Date; geometry: string;
  }>(
    `SELECT p.id, p.border_id, b.revision AS border_revision, b.unit_a, b.unit_b, p.proposing_unit, a.login AS proposed_by,
            p.base_revision, p.status, p.counter_of, p.note, p.created_at, ST_AsGeoJSON(p.geom, 15) AS geometry
       FROM proposals p JOIN borders b ON b.id = p.border_id JOIN accounts a ON a.id = p.proposed_by
      WHERE b.province_code = $1 AND p.change_seq > $2::bigint
      ORDER BY p.change_seq`,
    [code, since],
  );
  const { rows: decided } = await tx.query<{ proposal_id: number; decision: string; reason: string | null; deciding_unit: string; decided_by: string; created_at: Date }>(
    `SELECT d.proposal_id, d.decision, d.reason, d.deciding_unit, a.login AS decided_by, d.created_at
       FROM decisions d JOIN accounts a ON a.id = d.decided_by
      WHERE d.proposal_id = ANY($1) ORDER BY d.id`,
    [rows.map((r) => r.id)],
  );
  const decisions = new Map<number, DecisionView[]>();
  for (const d of decided) {
    const list = decisions.get(d.proposal_id) ?? [];
    list.push({ decision: d.decision, reason: d.reason, decidingUnit: d.deciding_unit, decidedBy: d.decided_by, at: d.created_at.toISOString() });
    decisions.set(d.proposal_id, list);
  }
  const proposals = rows.map((r) => ({
    id: r.id, borderId: r.border_id, borderRevision: r.border_revision, unitA: r.unit_a, unitB: r.unit_b, proposingUnit: r.proposing_unit,
    proposedBy: r.proposed_by, baseRevision: r.base_revision, status: r.status, counterOf: r.counter_of, note: r.note,
    createdAt: r.created_at.toISOString(), geometry: JSON.parse(r.geometry) as LineString, decisions: decisions.get(r.id) ?? [],
  }));
  return { cursor: top[0]!.cursor, proposals };
}
