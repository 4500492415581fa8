// What the database should hold, written outside it (localStorage): the ids of the drafts this browser
// has. At start, a draft the marker names but the database lacks was lost by the browser (a store it
// discarded after a failed write), not deleted by the user: deletion removes the id from the marker first.

export interface DraftMarker {
  /** null when no marker was ever written (first start, or the marker itself was cleared). */
  read(): string[] | null;
  write(ids: readonly string[]): void;
}

/** The part of Storage (localStorage) we use. */
export interface KeyValueLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const KEY = 'dia-gioi:drafts';

export class StorageMarker implements DraftMarker {
  constructor(private readonly kv: KeyValueLike) {}

  read(): string[] | null {
    const raw = this.kv.getItem(KEY);
    if (raw === null) return null;
    try {
      const v = JSON.parse(raw) as unknown;
      return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : null;
    } catch {
      return null; // a damaged marker says nothing; the database is then the only truth
    }
  }

  write(ids: readonly string[]): void {
    // May throw (localStorage full): the caller reports it.
    this.kv.setItem(KEY, JSON.stringify([...new Set(ids)]));
  }
}

export class MemoryMarker implements DraftMarker {
  ids: string[] | null = null;

  read(): string[] | null {
    return this.ids ? [...this.ids] : null;
  }

  write(ids: readonly string[]): void {
    this.ids = [...new Set(ids)];
  }
}
