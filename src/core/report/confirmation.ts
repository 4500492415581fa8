// The confirmation sheets of a boundary record ("biên bản xác nhận mô tả đường địa giới hành chính",
// Thông tư 48/2014/TT-BTNMT): one per neighbour, listing the legs of the border the two units share,
// from point to point, with their lengths, for both units to sign. Read off the record's own legs, so
// the sheets, the table and the description always agree.
import type { RingLegs } from './boundary-legs';

export interface SheetLeg {
  /** Point numbers of the leg; null for a ring without characteristic points (the whole ring). */
  readonly from: number | null;
  readonly to: number | null;
  /** Metres of this leg that run along the neighbour. */
  readonly lengthM: number;
}

export interface ConfirmationSheet {
  readonly neighbour: string;
  readonly legs: readonly SheetLeg[];
  readonly lengthM: number;
}

/** One sheet per neighbour, in the order given (the record lists the longest border first). */
export function confirmationSheets(rings: readonly RingLegs[], neighbours: readonly string[]): ConfirmationSheet[] {
  return neighbours.map((neighbour) => {
    const legs: SheetLeg[] = [];
    for (const r of rings) {
      for (const l of r.legs) {
        const along = l.runs.filter((run) => run.neighbour === neighbour).reduce((s, run) => s + run.lengthM, 0);
        if (along > 0) legs.push({ from: l.from, to: l.to, lengthM: along });
      }
    }
    return { neighbour, legs, lengthM: legs.reduce((s, l) => s + l.lengthM, 0) };
  });
}
