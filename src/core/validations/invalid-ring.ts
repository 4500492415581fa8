// Rule: invalid-ring. Rings with fewer than 4 positions, rings that do not close, and holes that lie
// outside their shell. One issue per ring, with the problem as a code in details.problem.
import type { Arc, Coverage, Position, Unit } from '../model';
import { interiorPoint } from '../geom/interior-point';
import { pointInRing } from '../geom/point-in-ring';
import { issueId, unitIssueId, type ValidationIssue } from '../validation/issue';
import { ringLength, ringPositions } from '../validation/rings';
import { unitCode } from './unit-codes';

type Problem = 'too-short' | 'unclosed' | 'hole-outside-shell' | 'empty';

function refStart(c: Coverage, ref: number): Position {
  return ref < 0 ? c.arcs[~ref]![c.arcs[~ref]!.length - 1]! : c.arcs[ref]![0]!;
}

function refEnd(c: Coverage, ref: number): Position {
  return ref < 0 ? c.arcs[~ref]![0]! : c.arcs[ref]![c.arcs[ref]!.length - 1]!;
}

function same(a: Position, b: Position): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

/** Per unit: the arcs its rings used, its code and its issues, reused while all are the same. */
const perUnit = new WeakMap<Unit, { arcs: Arc[]; code: string; issues: ValidationIssue[] }>();

function arcsOf(c: Coverage, u: Unit): Arc[] {
  const out: Arc[] = [];
  for (const poly of u.polygons) for (const ring of poly) for (const ref of ring) out.push(c.arcs[ref < 0 ? ~ref : ref]!);
  return out;
}

export function invalidRingIssues(c: Coverage): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const u of c.units.values()) {
    const code = unitCode(c, u.id);
    const arcs = arcsOf(c, u);
    const hit = perUnit.get(u);
    if (hit && hit.code === code && hit.arcs.length === arcs.length && hit.arcs.every((a, i) => a === arcs[i])) {
      issues.push(...hit.issues);
      continue;
    }
    const own = unitIssues(c, u, code);
    perUnit.set(u, { arcs, code, issues: own });
    issues.push(...own);
  }
  return issues;
}

/** The middle of the coverage's box: where to show an issue of a unit that has no place of its own. */
function coverageMiddle(c: Coverage): [number, number] {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const a of c.arcs) for (const p of a) {
    minX = Math.min(minX, p[0]);
    minY = Math.min(minY, p[1]);
    maxX = Math.max(maxX, p[0]);
    maxY = Math.max(maxY, p[1]);
  }
  return minX <= maxX ? [(minX + maxX) / 2, (minY + maxY) / 2] : [0, 0];
}

function unitIssues(c: Coverage, u: Unit, code: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (u.polygons.every((poly) => poly.length === 0)) {
    // A feature with an empty geometry (a MultiPolygon of no polygon) is a unit with no land: it passed
    // every other rule unseen.
    const at = coverageMiddle(c);
    issues.push({
      id: unitIssueId('invalid-ring', code, 'empty'),
      kind: 'invalid-ring',
      severity: 'error',
      units: [code],
      unitIds: [u.id],
      at,
      geometry: { type: 'Point', coordinates: at },
      details: { problem: 'empty' },
    });
    return issues;
  }
  {
    u.polygons.forEach((poly, p) => {
      let shell: Position[] | null = null;
      poly.forEach((ring, r) => {
        const report = (problem: Problem, at: Position, line: readonly Position[]) => {
          const pos: [number, number] = [at[0], at[1]];
          issues.push({
            id: issueId('invalid-ring', [code], pos, `${problem}/${p}/${r}`),
            kind: 'invalid-ring',
            severity: 'error',
            units: [code],
            unitIds: [u.id],
            at: pos,
            geometry: { type: 'LineString', coordinates: line.map((q) => [q[0], q[1]]) },
            details: { problem, polygon: p, ring: r },
          });
        };
        if (ring.length === 0) return;
        const n = ringLength(c, ring);
        const start = refStart(c, ring[0]!);
        const end = refEnd(c, ring[ring.length - 1]!);
        // Decode the ring only when it is reported or needed for the hole test.
        if (!same(start, end)) report('unclosed', start, ringPositions(c, ring));
        else if (n < 4) report('too-short', start, ringPositions(c, ring));
        if (poly.length < 2) return;
        if (r === 0) {
          shell = ringPositions(c, ring);
          return;
        }
        if (!shell) return;
        const s: Position[] = shell;
        // A hole lies outside its shell when a point strictly inside the hole falls outside the shell.
        // (Its vertices will not do: a hole may touch the shell, at a vertex or, up to rounding, on an
        // edge, and a point on the shell's boundary is inside or outside by chance.)
        const pts = ringPositions(c, ring);
        const probe = interiorPoint([pts]);
        if (probe && !pointInRing(probe[0], probe[1], s)) report('hole-outside-shell', probe, pts);
      });
    });
  }
  return issues;
}
