// Borders between provinces (migration cross_borders): finding them, their proposals and decisions.
import type { LineString } from 'geojson';
import type { Db, Tx } from './pool';

export interface CrossBorder {
  id: number;
  provinceA: string;
  unitA: string;
  provinceB: string;
  unitB: string;
  revisionA: number;
  revisionB: number;
  geometry: LineString;
}

interface CrossRow {
  id: number;
  province_a: string;
  unit_a: string;
  province_b: string;
  unit_b: string;
  revision_a: number;
  revision_b: number;
  geometry: string;
}

const CROSS_COLUMNS = 'id, province_a, unit_a, province_b, unit_b, revision_a, revision_b, ST_AsGeoJSON(geom, 15) AS geometry';

function crossOf(r: CrossRow): CrossBorder {
  return {
    id: r.id, provinceA: r.province_a, unitA: r.unit_a, provinceB: r.province_b, unitB: r.unit_b,
    revisionA: r.revision_a, revisionB: r.revision_b, geometry: JSON.parse(r.geometry) as LineString,
  };
}

/** A cross border; `lock` takes its row for the rest of the transaction (proposals on it one at a time). */
export async function findCrossBorder(db: Db | Tx, id: number, lock = false): Promise<CrossBorder | null> {
  const { rows } = await db.query<CrossRow>(`SELECT ${CROSS_COLUMNS} FROM cross_borders WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  return rows[0] ? crossOf(rows[0]) : null;
}

/** The loaded provinces, with their latest revision, by code. */
export async function loadedProvinces(db: Db | Tx): Promise<{ code: string; revision: number }[]> {
  const { rows } = await db.query<{ code: string; revision: number }>(
    'SELECT province_code AS code, max(number) AS revision FROM revisions GROUP BY province_code ORDER BY 1',
  );
  return rows;
}

export async function crossBordersOfPair(db: Db | Tx, a: string, b: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM cross_borders WHERE province_a = $1 AND province_b = $2', [a, b]);
  return rows[0]!.n;
}

/**
 * Where the two provinces' edges run along each other but one cuts a segment with a vertex the other
 * lacks, each edge is snapped to the other's vertices within this distance (degrees: 0.1 m or less at
 * any latitude of the country), so the stretch is found with the vertices of both.
 */
export const SNAP_DEG = 0.1 / 111_320;

/**
 * Records the cross borders between provinces a < b at the given revisions: for every outer arc of a
 * and outer arc of b that come within SNAP_DEG, the stretches they share (the linear parts of the
 * intersection of the two arcs, each first snapped to the other's vertices within SNAP_DEG, merged into
 * lines: each lies within one arc of each province). Arcs that more than two units use (an overlap in
 * the data) take no part. Returns how many were recorded.
 */
export async function insertCrossBorders(tx: Tx, a: { code: string; revision: number }, b: { code: string; revision: number }): Promise<number> {
  const { rowCount } = await tx.query(
    `WITH ea AS (SELECT unit_a, geom FROM borders WHERE province_code = $1 AND revision = $2 AND unit_b IS NULL AND other_units = '{}'),
          eb AS (SELECT unit_a, geom FROM borders WHERE province_code = $3 AND revision = $4 AND unit_b IS NULL AND other_units = '{}'),
          near AS (SELECT ea.unit_a AS ua, eb.unit_a AS ub, ST_Snap(ea.geom, eb.geom, $5) AS ga, eb.geom AS gb
                     FROM ea JOIN eb ON ST_DWithin(ea.geom, eb.geom, $5)),
          shared AS (SELECT ua, ub, ST_LineMerge(ST_CollectionExtract(ST_Intersection(ga, ST_Snap(gb, ga, $5)), 2)) AS g FROM near),
          pieces AS (SELECT ua, ub, (ST_Dump(g)).geom AS g FROM shared WHERE NOT ST_IsEmpty(g))
     INSERT INTO cross_borders (province_a, unit_a, province_b, unit_b, geom, revision_a, revision_b)
     SELECT $1, ua, $3, ub, g, $2, $4 FROM pieces
      WHERE GeometryType(g) = 'LINESTRING' AND ST_Length(g) > 0
      ORDER BY ua, ub, ST_XMin(g), ST_YMin(g)`,
    [a.code, a.revision, b.code, b.revision, SNAP_DEG],
  );
  return rowCount ?? 0;
}

export interface EdgeMatch {
  /** Length of a's outer edge lying within `facingM` of b's outer edge (by each segment's middle). */
  facingM: number;
  /** Of that, the length within `matchM`. */
  matchedM: number;
  /** Of that, the length within ten times `matchM` ... `facingM` / 10: two edges running side by side, apart. */
  apartM: number;
  /** The length of the exact shared stretches (the cross borders). */
  crossM: number;
  /** The largest distance from a's facing edge to b's edge (segment middles). */
  largestGapM: number;
}

/**
 * How well province a's outer edge matches b's at their latest revisions, measured on the ellipsoid:
 * each segment of a's outer edge is taken by its middle point's distance to b's outer edge.
 */
export async function edgeMatch(db: Db | Tx, a: string, b: string, facingM: number, matchM: number): Promise<EdgeMatch> {
  // Degrees around a segment within which b's arcs are looked at: facingM at least, at any latitude here.
  const pad = (facingM / 111_320) * 2;
  const { rows } = await db.query<{ facing: number | null; matched: number | null; apart: number | null; gap: number | null; cross: number | null }>(
    `WITH ra AS (SELECT max(number) AS n FROM revisions WHERE province_code = $1),
          rb AS (SELECT max(number) AS n FROM revisions WHERE province_code = $2),
          seg AS (SELECT (ST_DumpSegments(geom)).geom AS s FROM borders, ra WHERE province_code = $1 AND revision = ra.n AND unit_b IS NULL),
          d AS (SELECT ST_Length(s::geography) AS len,
                       (SELECT min(ST_Distance(ST_LineInterpolatePoint(s, 0.5)::geography, e.geom::geography)) FROM borders e, rb
                         WHERE e.province_code = $2 AND e.revision = rb.n AND e.unit_b IS NULL AND e.geom && ST_Expand(s, $5)) AS m
                  FROM seg)
     SELECT sum(len) FILTER (WHERE m <= $3) AS facing, sum(len) FILTER (WHERE m <= $4) AS matched, sum(len) FILTER (WHERE m > $4 AND m <= $3 / 10) AS apart, max(m) FILTER (WHERE m <= $3) AS gap,
            (SELECT sum(ST_Length(geom::geography)) FROM cross_borders WHERE province_a = least($1, $2) AND province_b = greatest($1, $2)) AS cross
       FROM d`,
    [a, b, facingM, matchM, pad],
  );
  const r = rows[0]!;
  return { facingM: r.facing ?? 0, matchedM: r.matched ?? 0, apartM: r.apart ?? 0, crossM: r.cross ?? 0, largestGapM: r.gap ?? 0 };
}

/** The cross borders of a province (either side) as a GeoJSON FeatureCollection text. */
export async function crossBordersGeoJSON(db: Db | Tx, code: string): Promise<string> {
  const { rows } = await db.query<{ fc: string }>(
    `SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
              'type', 'Feature', 'id', c.id,
              'properties', json_build_object('id', c.id, 'provinceA', c.province_a, 'unitA', c.unit_a, 'provinceB', c.province_b, 'unitB', c.unit_b,
                'revisionA', c.revision_a, 'revisionB', c.revision_b, 'lengthM', ST_Length(c.geom::geography),
                'openProposals', (SELECT coalesce(json_agg(p.id ORDER BY p.id), '[]'::json) FROM cross_proposals p WHERE p.cross_border_id = c.id AND p.status = 'open')),
              'geometry', ST_AsGeoJSON(c.geom, 15)::json) ORDER BY c.id), '[]'::json))::text AS fc
       FROM cross_borders c WHERE c.province_a = $1 OR c.province_b = $1`,
    [code],
  );
  return rows[0]!.fc;
}

export interface CrossProposal {
  id: number;
  crossBorderId: number;
  proposingProvince: string;
  proposingUnit: string;
  status: string;
}

interface ProposalRow {
  id: number;
  cross_border_id: number;
  proposing_province: string;
  proposing_unit: string;
  status: string;
}

const proposalOf = (r: ProposalRow): CrossProposal => ({
  id: r.id, crossBorderId: r.cross_border_id, proposingProvince: r.proposing_province, proposingUnit: r.proposing_unit, status: r.status,
});

export interface NewCrossProposal {
  crossBorderId: number;
  proposingProvince: string;
  proposingUnit: string;
  proposedBy: number;
  baseRevisionA: number;
  baseRevisionB: number;
  geometry: LineString;
  note: string | null;
  counterOf?: number;
}

export async function insertCrossProposal(tx: Tx, p: NewCrossProposal): Promise<number> {
  const { rows } = await tx.query<{ id: number }>(
    `INSERT INTO cross_proposals (cross_border_id, proposing_province, proposing_unit, proposed_by, base_revision_a, base_revision_b, geom, note, counter_of)
     VALUES ($1, $2, $3, $4, $5, $6, ST_SetSRID(ST_GeomFromGeoJSON($7), 4326), $8, $9) RETURNING id`,
    [p.crossBorderId, p.proposingProvince, p.proposingUnit, p.proposedBy, p.baseRevisionA, p.baseRevisionB, JSON.stringify(p.geometry), p.note, p.counterOf ?? null],
  );
  return rows[0]!.id;
}

export async function openCrossProposals(tx: Tx, crossBorderId: number): Promise<CrossProposal[]> {
  const { rows } = await tx.query<ProposalRow>(
    "SELECT id, cross_border_id, proposing_province, proposing_unit, status FROM cross_proposals WHERE cross_border_id = $1 AND status = 'open' ORDER BY id",
    [crossBorderId],
  );
  return rows.map(proposalOf);
}

/** A cross proposal, locked for the rest of the transaction so two decisions on it cannot both pass. */
export async function lockCrossProposal(tx: Tx, id: number): Promise<CrossProposal | null> {
  const { rows } = await tx.query<ProposalRow>(
    'SELECT id, cross_border_id, proposing_province, proposing_unit, status FROM cross_proposals WHERE id = $1 FOR UPDATE',
    [id],
  );
  return rows[0] ? proposalOf(rows[0]) : null;
}

export async function crossProposalCourse(db: Db | Tx, id: number): Promise<LineString> {
  const { rows } = await db.query<{ geometry: string }>('SELECT ST_AsGeoJSON(geom, 15) AS geometry FROM cross_proposals WHERE id = $1', [id]);
  if (!rows[0]) throw new Error(`cross proposal ${id} is gone`);
  return JSON.parse(rows[0].geometry) as LineString;
}

export interface NewCrossDecision {
  proposalId: number;
  decidingProvince: string;
  decidingUnit: string;
  decidedBy: number;
  decision: 'accept' | 'reject' | 'counter';
  reason: string | null;
  counterProposalId: number | null;
  revisionA: number | null;
  revisionB: number | null;
}

/** Records a decision and sets the proposal's status from it. */
export async function insertCrossDecision(tx: Tx, d: NewCrossDecision): Promise<number> {
  const status = d.decision === 'accept' ? 'accepted' : d.decision === 'reject' ? 'rejected' : 'countered';
  await tx.query('UPDATE cross_proposals SET status = $2 WHERE id = $1', [d.proposalId, status]);
  const { rows } = await tx.query<{ id: number }>(
    `INSERT INTO cross_decisions (cross_proposal_id, deciding_province, deciding_unit, decided_by, decision, reason, counter_proposal_id, revision_a, revision_b)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [d.proposalId, d.decidingProvince, d.decidingUnit, d.decidedBy, d.decision, d.reason, d.counterProposalId, d.revisionA, d.revisionB],
  );
  return rows[0]!.id;
}

/** The cross border takes the agreed course, at the two provinces' new revisions. */
export async function moveCrossBorder(tx: Tx, id: number, course: LineString, revisionA: number, revisionB: number): Promise<void> {
  await tx.query(
    'UPDATE cross_borders SET geom = ST_SetSRID(ST_GeomFromGeoJSON($2), 4326), revision_a = $3, revision_b = $4 WHERE id = $1',
    [id, JSON.stringify(course), revisionA, revisionB],
  );
}
