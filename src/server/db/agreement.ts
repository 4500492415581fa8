// Where each border of a revision stands (docs/hub.md, "Border statuses"), and the record of its
// agreement (the data of the printed "biên bản xác nhận mô tả đường địa giới").
//
// A border row belongs to one revision; the border lives on in later revisions as rows with the same
// two units and the same course (an agreement elsewhere in the province rewrites every row). Its history
// is therefore read across rows: the rejected proposals on rows with its course, the accepted proposals
// whose course it is, and the open proposals on its own row (an open proposal on an older row can no
// longer be decided: it is stale).
import type { LineString } from 'geojson';
import type { Db } from './pool';

export type BorderStatus = 'agreed' | 'proposed' | 'disputed' | 'untouched';

export interface BorderState {
  id: number;
  unitA: string;
  unitB: string | null;
  lengthM: number;
  status: BorderStatus;
  /** The proposal the status comes from (null: untouched). */
  proposalId: number | null;
}

/**
 * The proposals that count for border row `c` (alias), newest first: see the file's comment. Written
 * once, used by the dashboard and the agreement record.
 */
const HISTORY = `
  SELECT p.id, p.status, p.counter_of, b.revision AS on_revision, b.id AS on_border
    FROM borders b JOIN proposals p ON p.border_id = b.id
   WHERE b.province_code = c.province_code AND b.unit_a = c.unit_a AND b.unit_b IS NOT DISTINCT FROM c.unit_b
     AND b.revision <= c.revision
     AND ((p.status = 'open' AND b.id = c.id)
       OR (p.status = 'rejected' AND ST_Equals(b.geom, c.geom))
       OR (p.status = 'accepted' AND b.revision < c.revision AND ST_Equals(p.geom, c.geom)))`;

/** Every border of a revision with its length on the ellipsoid and its status, by id. */
export async function borderStates(db: Db, provinceCode: string, revision: number): Promise<BorderState[]> {
  const { rows } = await db.query<{ id: number; unit_a: string; unit_b: string | null; length_m: number; pid: number | null; pstatus: string | null; counter_of: number | null }>(
    `SELECT c.id, c.unit_a, c.unit_b, ST_Length(c.geom::geography) AS length_m, h.id AS pid, h.status AS pstatus, h.counter_of
       FROM borders c
       LEFT JOIN LATERAL (${HISTORY} ORDER BY p.id DESC LIMIT 1) h ON true
      WHERE c.province_code = $1 AND c.revision = $2
      ORDER BY c.id`,
    [provinceCode, revision],
  );
  return rows.map((r) => ({ id: r.id, unitA: r.unit_a, unitB: r.unit_b, lengthM: r.length_m, status: statusOf(r.pstatus, r.counter_of), proposalId: r.pid }));
}

function statusOf(proposalStatus: string | null, counterOf: number | null): BorderStatus {
  if (proposalStatus === 'accepted') return 'agreed';
  if (proposalStatus === 'rejected') return 'disputed';
  if (proposalStatus === 'open') return counterOf === null ? 'proposed' : 'disputed';
  return 'untouched';
}

export interface UnitSummary {
  code: string;
  name: string;
  borders: Record<'total' | BorderStatus, number>;
  submission: { id: number; revision: number; status: 'pending' | 'accepted' | 'returned' | 'outdated'; at: string } | null;
}

/**
 * The units of a revision with their newest submission (superseded ones aside); a submission whose
 * unit's boundary has changed since is `outdated`, whatever its review said.
 */
export async function unitSubmissions(db: Db, provinceCode: string, revision: number): Promise<{ code: string; name: string; submission: UnitSummary['submission'] }[]> {
  const { rows } = await db.query<{ code: string; name: string; sid: number | null; srev: number | null; sstatus: 'pending' | 'accepted' | 'returned' | null; same: boolean | null; at: Date | null }>(
    `SELECT u.code, u.name, s.id AS sid, s.revision AS srev, s.status AS sstatus, s.created_at AS at,
            (s.revision = u.revision OR ST_Equals(old.geom, u.geom)) AS same
       FROM units u
       LEFT JOIN LATERAL (SELECT id, revision, status, created_at FROM submissions
                           WHERE province_code = u.province_code AND unit_code = u.code AND status <> 'superseded' AND revision <= u.revision
                           ORDER BY id DESC LIMIT 1) s ON true
       LEFT JOIN units old ON old.province_code = u.province_code AND old.code = u.code AND old.revision = s.revision
      WHERE u.province_code = $1 AND u.revision = $2
      ORDER BY u.code`,
    [provinceCode, revision],
  );
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    submission: r.sid === null ? null : { id: r.sid, revision: r.srev!, status: r.same ? r.sstatus! : 'outdated', at: r.at!.toISOString() },
  }));
}

export interface AgreementRecord {
  border: { id: number; revision: number; provinceCode: string; lengthM: number; course: LineString };
  units: { code: string; name: string }[];
  /** True when the agreed course is the course the border already had: confirmed as it is. */
  confirmation: boolean;
  proposal: { id: number; proposingUnit: string; proposedBy: string; proposedAt: string; note: string | null; baseRevision: number; counterOf: number | null };
  decision: { id: number; decidingUnit: string; decidedBy: string; decidedAt: string; reason: string | null };
  revision: { number: number; acceptedAt: string; note: string | null };
}

/**
 * The agreement behind border row `id`: the newest accepted proposal whose course it is, made into a
 * revision no later than the row's. Null when the border was never agreed; undefined when no such row.
 */
export async function agreementOf(db: Db, id: number): Promise<AgreementRecord | null | undefined> {
  const { rows: found } = await db.query<{ id: number }>('SELECT id FROM borders WHERE id = $1', [id]);
  if (!found[0]) return undefined;
  const { rows } = await db.query<{
    id: number; revision: number; province_code: string; length_m: number; course: string; unit_a: string; unit_b: string | null; name_a: string; name_b: string | null;
    pid: number; proposing_unit: string; proposed_by: string; proposed_at: Date; note: string | null; base_revision: number; counter_of: number | null; confirmation: boolean;
    did: number; deciding_unit: string; decided_by: string; decided_at: Date; reason: string | null;
    became: number; accepted_at: Date; revision_note: string | null;
  }>(
    `SELECT c.id, c.revision, c.province_code, ST_Length(c.geom::geography) AS length_m, ST_AsGeoJSON(c.geom, 15) AS course,
            c.unit_a, c.unit_b, ua.name AS name_a, ub.name AS name_b,
            p.id AS pid, p.proposing_unit, pa.login AS proposed_by, p.created_at AS proposed_at, p.note, p.base_revision, p.counter_of,
            ST_Equals(p.geom, pb.geom) AS confirmation,
            d.id AS did, d.deciding_unit, da.login AS decided_by, d.created_at AS decided_at, d.reason,
            r.number AS became, r.accepted_at, r.note AS revision_note
       FROM borders c
       JOIN LATERAL (${HISTORY} AND p.status = 'accepted' ORDER BY p.id DESC LIMIT 1) h ON true
       JOIN proposals p ON p.id = h.id
       JOIN borders pb ON pb.id = p.border_id
       JOIN accounts pa ON pa.id = p.proposed_by
       JOIN decisions d ON d.proposal_id = p.id AND d.decision = 'accept'
       JOIN accounts da ON da.id = d.decided_by
       -- An accepted course becomes the revision after its border's row (routes/decisions.ts).
       JOIN revisions r ON r.province_code = c.province_code AND r.number = pb.revision + 1
       JOIN units ua ON ua.province_code = c.province_code AND ua.revision = c.revision AND ua.code = c.unit_a
       LEFT JOIN units ub ON ub.province_code = c.province_code AND ub.revision = c.revision AND ub.code = c.unit_b
      WHERE c.id = $1`,
    [id],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    border: { id: r.id, revision: r.revision, provinceCode: r.province_code, lengthM: r.length_m, course: JSON.parse(r.course) as LineString },
    units: [{ code: r.unit_a, name: r.name_a }, ...(r.unit_b !== null ? [{ code: r.unit_b, name: r.name_b! }] : [])],
    confirmation: r.confirmation,
    proposal: { id: r.pid, proposingUnit: r.proposing_unit, proposedBy: r.proposed_by, proposedAt: r.proposed_at.toISOString(), note: r.note, baseRevision: r.base_revision, counterOf: r.counter_of },
    decision: { id: r.did, decidingUnit: r.deciding_unit, decidedBy: r.decided_by, decidedAt: r.decided_at.toISOString(), reason: r.reason },
    revision: { number: r.became, acceptedAt: r.accepted_at.toISOString(), note: r.revision_note },
  };
}
