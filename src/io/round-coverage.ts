// Rounds a coverage's arcs to a number of decimals. Rounding the ARCS (not each unit's rings) is what keeps
// a shared border one line: both neighbours read the same rounded vertices, so rounding cannot open a gap
// or an overlap between them. Consecutive vertices that rounding made equal are merged (duplicates already
// in the data are left alone: reporting them is the validator's job); an arc keeps its two ends.
import type { Arc, Coverage, Position } from '../core/model';

export function roundTo(x: number, decimals: number): number {
  const f = 10 ** decimals;
  // Math.round of the scaled value is an exact integer; dividing it by a power of ten gives the double
  // nearest the decimal, so it prints with at most `decimals` digits.
  return Math.round(x * f) / f;
}

function roundArc(arc: Arc, decimals: number): Arc {
  const out: Position[] = [];
  let prev: Position | undefined;
  for (const p of arc) {
    const q: Position = [roundTo(p[0], decimals), roundTo(p[1], decimals)];
    const last = out[out.length - 1];
    const madeEqual = last && prev && last[0] === q[0] && last[1] === q[1] && (prev[0] !== p[0] || prev[1] !== p[1]);
    prev = p;
    if (madeEqual) continue;
    out.push(q);
  }
  // A tiny arc may collapse to one point; keep it two points long so ring walking still joins its ends.
  if (out.length === 1) out.push(out[0]!);
  return out;
}

/** A new coverage with every arc rounded; units are shared unchanged (their arc references stay valid). */
export function roundCoverage(c: Coverage, decimals = 7): Coverage {
  return { arcs: c.arcs.map((a) => roundArc(a, decimals)), units: c.units };
}
