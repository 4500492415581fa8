// Random, realistic edits on a real coverage for seeded tests: vertex moves, inserts, deletes, reshapes,
// splits, merges and transfers of a small square, each on a shared border of some length.
import type { Polygon } from 'geojson';
import { readUnitAttrs } from '../../src/core/model';
import type { Coverage, Position } from '../../src/core/model/types';
import { arcUsage } from '../../src/core/model/arc-usage';
import { actionMoveVertex } from '../../src/core/actions/move-vertex';
import { actionInsertVertex } from '../../src/core/actions/insert-vertex';
import { actionDeleteVertex } from '../../src/core/actions/delete-vertex';
import { actionReshapeBorder } from '../../src/core/actions/reshape-border';
import { actionSplitUnit } from '../../src/core/actions/split-unit';
import { actionMergeUnits } from '../../src/core/actions/merge-units';
import { actionTransferArea } from '../../src/core/actions/geometry-edits';
import type { Action } from '../../src/core/actions/refusal';
import { ringPositions } from '../../src/core/topology/rings';
import { pick } from './random';

// The units of the two real defects keep still, so the defects' ids stay comparable.
const FROZEN = new Set(['11488', '11560', '11455']);

function sharedArcs(c: Coverage): number[] {
  const users = arcUsage(c).unitsByArc;
  return c.arcs.map((_, i) => i).filter((i) => users[i]!.length === 2 && users[i]!.every((u) => !FROZEN.has(u)) && c.arcs[i]!.length >= 6);
}

function nudge(rand: () => number, p: Position, q: Position, scale: number): Position {
  // A point near p, moved by a fraction of the distance to its neighbour q, so it rarely crosses anything.
  const dx = q[0] - p[0];
  const dy = q[1] - p[1];
  return [p[0] + (rand() - 0.5) * scale * dx + (rand() - 0.5) * scale * dy, p[1] + (rand() - 0.5) * scale * dy - (rand() - 0.5) * scale * dx];
}

export function randomAction(rand: () => number, c: Coverage, n: number): { name: string; action: Action<Coverage> } | null {
  const arcs = sharedArcs(c);
  const a = pick(rand, arcs);
  const arc = c.arcs[a]!;
  const i = 1 + Math.floor(rand() * (arc.length - 3));
  const kind = pick(rand, ['move', 'move', 'insert', 'delete', 'reshape', 'split', 'merge', 'transfer']);
  switch (kind) {
    case 'move':
      return { name: kind, action: actionMoveVertex({ arc: a, index: i }, nudge(rand, arc[i]!, arc[i + 1]!, 0.4)) };
    case 'insert': {
      const mid: Position = [(arc[i]![0] + arc[i + 1]![0]) / 2, (arc[i]![1] + arc[i + 1]![1]) / 2];
      return { name: kind, action: actionInsertVertex(a, i, nudge(rand, mid, arc[i + 1]!, 0.2)) };
    }
    case 'delete':
      return { name: kind, action: actionDeleteVertex({ arc: a, index: i }) };
    case 'reshape': {
      const j = Math.min(arc.length - 1, i + 3);
      const mid: Position = [(arc[i]![0] + arc[j]![0]) / 2, (arc[i]![1] + arc[j]![1]) / 2];
      return { name: kind, action: actionReshapeBorder([arc[i]!, nudge(rand, mid, arc[j]!, 0.3), arc[j]!], 1e-9) };
    }
    case 'split': {
      const [u] = arcUsage(c).unitsByArc[a]!;
      const ring = ringPositions(c, c.units.get(u!)!.polygons[0]![0]!);
      const k = Math.floor(rand() * (ring.length - 1));
      const m = (k + 2 + Math.floor(rand() * 6)) % (ring.length - 1);
      const code = String(99000 + n);
      return { name: kind, action: actionSplitUnit(u!, [ring[k]!, ring[m]!], 1e-9, code, readUnitAttrs({ code, name: `T${n}`, type: 'xa' })) };
    }
    case 'merge': {
      const [u, w] = arcUsage(c).unitsByArc[a]!;
      return { name: kind, action: actionMergeUnits(u!, w!) };
    }
    default: {
      const [u, w] = arcUsage(c).unitsByArc[a]!;
      const p = arc[i]!;
      const d = 0.0004; // ≈ 45 m square around a border vertex
      const sq: Polygon = { type: 'Polygon', coordinates: [[[p[0] - d, p[1] - d], [p[0] + d, p[1] - d], [p[0] + d, p[1] + d], [p[0] - d, p[1] + d], [p[0] - d, p[1] - d]]] };
      return { name: kind, action: actionTransferArea(sq, u!, w!) };
    }
  }
}

