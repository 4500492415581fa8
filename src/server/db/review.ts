// Submissions of a unit's boundary and the reviewers' answers (migration 002, docs/hub.md "Submissions").
import type { Db, Tx } from './pool';

export type SubmissionStatus = 'pending' | 'accepted' | 'returned' | 'superseded';

export interface Submission {
  id: number;
  provinceCode: string;
  unitCode: string;
  revision: number;
  status: SubmissionStatus;
}

/** The province of a unit (unit codes are national), or null for a unit the hub does not have. */
export async function unitProvince(db: Db | Tx, code: string): Promise<string | null> {
  const { rows } = await db.query<{ province_code: string }>('SELECT province_code FROM units WHERE code = $1 ORDER BY revision DESC LIMIT 1', [code]);
  return rows[0]?.province_code ?? null;
}

/**
 * The open proposals on the unit's borders at a revision, oldest first; the borders are locked against
 * new proposals (which lock their border row for update) until the transaction ends.
 */
export async function openProposalsOfUnit(tx: Tx, provinceCode: string, revision: number, unit: string): Promise<{ id: number; borderId: number }[]> {
  await tx.query('SELECT 1 FROM borders WHERE province_code = $1 AND revision = $2 AND (unit_a = $3 OR unit_b = $3) FOR SHARE', [provinceCode, revision, unit]);
  const { rows } = await tx.query<{ id: number; border_id: number }>(
    `SELECT p.id, p.border_id FROM proposals p JOIN borders b ON b.id = p.border_id
      WHERE b.province_code = $1 AND b.revision = $2 AND (b.unit_a = $3 OR b.unit_b = $3) AND p.status = 'open' ORDER BY p.id`,
    [provinceCode, revision, unit],
  );
  return rows.map((r) => ({ id: r.id, borderId: r.border_id }));
}

/** Marks the unit's pending submission superseded; returns its id (at most one is pending). */
export async function supersedePending(tx: Tx, provinceCode: string, unit: string): Promise<number[]> {
  const { rows } = await tx.query<{ id: number }>(
    "UPDATE submissions SET status = 'superseded' WHERE province_code = $1 AND unit_code = $2 AND status = 'pending' RETURNING id",
    [provinceCode, unit],
  );
  return rows.map((r) => r.id);
}

export async function insertSubmission(tx: Tx, s: { provinceCode: string; revision: number; unitCode: string; submittedBy: number; note: string | null }): Promise<number> {
  const { rows } = await tx.query<{ id: number }>(
    'INSERT INTO submissions (province_code, revision, unit_code, submitted_by, note) VALUES ($1, $2, $3, $4, $5) RETURNING id',
    [s.provinceCode, s.revision, s.unitCode, s.submittedBy, s.note],
  );
  return rows[0]!.id;
}

/** A submission, locked for the rest of the transaction so two reviews of it cannot both pass. */
export async function lockSubmission(tx: Tx, id: number): Promise<Submission | null> {
  const { rows } = await tx.query<{ id: number; province_code: string; unit_code: string; revision: number; status: SubmissionStatus }>(
    'SELECT id, province_code, unit_code, revision, status FROM submissions WHERE id = $1 FOR UPDATE',
    [id],
  );
  const r = rows[0];
  return r ? { id: r.id, provinceCode: r.province_code, unitCode: r.unit_code, revision: r.revision, status: r.status } : null;
}

/** Whether the unit's boundary at `revision` is the same as at `latest` (PostGIS: the same point set). */
export async function unitUnchanged(db: Db | Tx, provinceCode: string, unit: string, revision: number, latest: number): Promise<boolean> {
  if (revision === latest) return true;
  const { rows } = await db.query<{ same: boolean }>(
    `SELECT ST_Equals(a.geom, b.geom) AS same FROM units a JOIN units b ON b.province_code = a.province_code AND b.code = a.code AND b.revision = $4
      WHERE a.province_code = $1 AND a.code = $2 AND a.revision = $3`,
    [provinceCode, unit, revision, latest],
  );
  return rows[0]?.same === true;
}

export async function insertReview(tx: Tx, r: { submissionId: number; reviewedBy: number; decision: 'accept' | 'return'; reason: string | null }): Promise<number> {
  await tx.query('UPDATE submissions SET status = $2 WHERE id = $1', [r.submissionId, r.decision === 'accept' ? 'accepted' : 'returned']);
  const { rows } = await tx.query<{ id: number }>(
    'INSERT INTO submission_reviews (submission_id, reviewed_by, decision, reason) VALUES ($1, $2, $3, $4) RETURNING id',
    [r.submissionId, r.reviewedBy, r.decision, r.reason],
  );
  return rows[0]!.id;
}

export interface SubmissionView {
  id: number;
  unitCode: string;
  unitName: string;
  revision: number;
  note: string | null;
  status: SubmissionStatus;
  submittedBy: string;
  submittedAt: string;
  review: { decision: 'accept' | 'return'; reason: string | null; reviewedBy: string; reviewedAt: string } | null;
}

/** A province's submissions, newest first; `status` narrows them (e.g. the pending ones to review). */
export async function listSubmissions(db: Db, provinceCode: string, status: SubmissionStatus | undefined): Promise<SubmissionView[]> {
  const { rows } = await db.query<{
    id: number; unit_code: string; unit_name: string; revision: number; note: string | null; status: SubmissionStatus; submitted_by: string; submitted_at: Date;
    decision: 'accept' | 'return' | null; reason: string | null; reviewed_by: string | null; reviewed_at: Date | null;
  }>(
    `SELECT s.id, s.unit_code, u.name AS unit_name, s.revision, s.note, s.status, a.login AS submitted_by, s.created_at AS submitted_at,
            r.decision, r.reason, ra.login AS reviewed_by, r.created_at AS reviewed_at
       FROM submissions s
       JOIN units u ON u.province_code = s.province_code AND u.revision = s.revision AND u.code = s.unit_code
       JOIN accounts a ON a.id = s.submitted_by
       LEFT JOIN submission_reviews r ON r.submission_id = s.id
       LEFT JOIN accounts ra ON ra.id = r.reviewed_by
      WHERE s.province_code = $1 AND ($2::text IS NULL OR s.status = $2)
      ORDER BY s.id DESC`,
    [provinceCode, status ?? null],
  );
  return rows.map((r) => ({
    id: r.id, unitCode: r.unit_code, unitName: r.unit_name, revision: r.revision, note: r.note, status: r.status,
    submittedBy: r.submitted_by, submittedAt: r.submitted_at.toISOString(),
    review: r.decision ? { decision: r.decision, reason: r.reason, reviewedBy: r.reviewed_by!, reviewedAt: r.reviewed_at!.toISOString() } : null,
  }));
}
