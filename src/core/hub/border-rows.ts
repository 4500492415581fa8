// The ward's borders as the hub panel lists them: each border of the unit at the province's latest
// revision, with where its agreement stands. Pure: the hub's borders and proposals and the outbox in.
import type { Position } from '../model/types';

export interface HubLine {
  readonly coordinates: readonly (readonly number[])[];
}

export interface RowBorder {
  readonly id: number;
  readonly unitA: string;
  readonly unitB: string | null;
  readonly geometry: HubLine;
}

export interface RowProposal {
  readonly id: number;
  readonly borderId: number;
  readonly unitA: string;
  readonly unitB: string | null;
  readonly proposingUnit: string;
  readonly status: string;
  readonly geometry: HubLine;
}

export type RowOp = { readonly opId: string; readonly kind: 'propose'; readonly borderId: number } | { readonly opId: string; readonly kind: 'decide'; readonly proposalId: number };

/**
 * - `queued`: an op of this device about it waits in the outbox (sync to send it);
 * - `to-answer`: the neighbour's proposal is open, the ward decides;
 * - `waiting`: the ward's own proposal is open, the neighbour decides;
 * - `disputed`: the last proposal on it was rejected;
 * - `agreed`: its course is one both units agreed (an accepted proposal between them ran exactly so);
 * - `untouched`: none of these.
 */
export type BorderState = 'queued' | 'to-answer' | 'waiting' | 'disputed' | 'agreed' | 'untouched';

export interface BorderRow {
  readonly border: RowBorder;
  /** The unit across, null on the province's outer edge. */
  readonly neighbour: string | null;
  readonly state: BorderState;
  /** The open proposal on the border, if any. */
  readonly open: RowProposal | null;
}

const same = (a: readonly number[], b: readonly number[]) => a[0] === b[0] && a[1] === b[1];

function sameCourse(a: HubLine, b: HubLine): boolean {
  const x = a.coordinates;
  const y = b.coordinates;
  if (x.length !== y.length) return false;
  return x.every((p, i) => same(p, y[i]!)) || x.every((p, i) => same(p, y[y.length - 1 - i]!));
}

export function borderRows(own: string, borders: readonly RowBorder[], proposals: readonly RowProposal[], outbox: readonly RowOp[]): BorderRow[] {
  const proposalBorder = new Map(proposals.map((p) => [p.id, p.borderId]));
  const queued = new Set(outbox.map((op) => (op.kind === 'propose' ? op.borderId : proposalBorder.get(op.proposalId))));
  return borders
    .filter((b) => b.unitA === own || b.unitB === own)
    .map((border) => {
      const neighbour = border.unitA === own ? border.unitB : border.unitA;
      const on = proposals.filter((p) => p.borderId === border.id).sort((a, b) => b.id - a.id);
      const open = on.find((p) => p.status === 'open') ?? null;
      const agreed = proposals.some((p) => p.status === 'accepted' && p.unitA === border.unitA && p.unitB === border.unitB && sameCourse(p.geometry, border.geometry));
      const state: BorderState = queued.has(border.id)
        ? 'queued'
        : open
          ? open.proposingUnit === own ? 'waiting' : 'to-answer'
          : on[0]?.status === 'rejected'
            ? 'disputed'
            : agreed ? 'agreed' : 'untouched';
      return { border, neighbour, state, open };
    });
}

export const coursePositions = (l: HubLine): Position[] => l.coordinates.map((p) => [p[0]!, p[1]!] as const);
