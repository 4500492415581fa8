// The IndexedDB schema. Versions are append-only (DESIGN.md habit 11): never edit a released version's
// stores or upgrade; add a new version with an upgrade function and a migration test.
import { Dexie, type EntityTable, type Table } from 'dexie';
import type { ArcRow, BaseRow, DraftRow, DraftRowV1, ReviewRow, SettingRow, StepRow, UnitRow, VersionDataRow, VersionRow } from './rows';
import { upgradeV1toV2 } from './upgrade-v2';

export const SCHEMA_VERSION = 2;

/**
 * Settings key prefix of a draft deleted on purpose (`deleted-draft:<id>`, value: the time). Written in the
 * deletion's own transaction, so it is as durable as the deletion: the marker of the drafts that should
 * exist lives in localStorage, which Chromium writes to disk lazily, and a browser killed soon after a
 * deletion starts again with a marker that still names the deleted draft. Never pruned (a few bytes each):
 * no moment is known after which the marker surely reached the disk. Not exported in backups.
 */
export const DELETED_DRAFT = 'deleted-draft:';

/** Version 1: one row per draft holding the whole coverage. Kept so that old databases upgrade. */
export const STORES_V1 = {
  drafts: 'id, updated',
  settings: 'key',
} as const;

/** Version 2: the base as one row per arc and per unit, one row per history step. */
export const STORES_V2 = {
  drafts: 'id, updated',
  bases: 'draftId',
  arcs: '[draftId+id]',
  units: '[draftId+id]',
  steps: '[draftId+seq]',
  reviews: '[draftId+issueId]',
  versions: '++id, draftId',
  versionData: 'versionId',
  settings: 'key',
} as const;

export interface DbDeps {
  readonly indexedDB?: IDBFactory;
  readonly IDBKeyRange?: typeof IDBKeyRange;
}

export class WorkspaceDb extends Dexie {
  drafts!: EntityTable<DraftRow, 'id'>;
  bases!: EntityTable<BaseRow, 'draftId'>;
  arcs!: Table<ArcRow, [string, number]>;
  units!: Table<UnitRow, [string, string]>;
  steps!: Table<StepRow, [string, number]>;
  reviews!: Table<ReviewRow, [string, string]>;
  versions!: EntityTable<VersionRow, 'id'>;
  versionData!: EntityTable<VersionDataRow, 'versionId'>;
  settings!: EntityTable<SettingRow, 'key'>;

  constructor(name: string, deps: DbDeps = {}) {
    super(name, {
      ...(deps.indexedDB ? { indexedDB: deps.indexedDB } : {}),
      ...(deps.IDBKeyRange ? { IDBKeyRange: deps.IDBKeyRange } : {}),
      // A committed save must survive a power cut, not only a killed browser: Chromium's default
      // ("relaxed") reports a commit before the data reaches the disk.
      chromeTransactionDurability: 'strict',
    });
    this.version(1).stores(STORES_V1);
    this.version(2).stores(STORES_V2).upgrade((tx) => upgradeV1toV2(tx));
  }

  /**
   * Closes and opens the connection again. After a failed write (a full disk) the browser may close the
   * connection, or Dexie may keep the failed open's error: every later call then fails with
   * DatabaseClosedError even when space has come back. A fresh open is the only way out.
   */
  async reopen(): Promise<void> {
    this.close({ disableAutoOpen: false });
    await this.open();
  }

  /** Every table that holds per-draft rows, for transactions that touch a whole draft. */
  draftTables(): Table[] {
    return [this.drafts, this.bases, this.arcs, this.units, this.steps, this.reviews, this.versions, this.versionData];
  }
}

/** A database opened at version 1 only, to seed old data in migration tests. */
export class WorkspaceDbV1 extends Dexie {
  drafts!: EntityTable<DraftRowV1, 'id'>;
  settings!: EntityTable<SettingRow, 'key'>;

  constructor(name: string, deps: DbDeps = {}) {
    super(name, { ...(deps.indexedDB ? { indexedDB: deps.indexedDB } : {}), ...(deps.IDBKeyRange ? { IDBKeyRange: deps.IDBKeyRange } : {}) });
    this.version(1).stores(STORES_V1);
  }
}

/** All rows of one draft in a table keyed [draftId+...]. */
export function draftRange<T, K>(table: Table<T, K>, draftId: string) {
  return table.where(table.schema.primKey.keyPath as string).between([draftId, Dexie.minKey], [draftId, Dexie.maxKey]);
}
