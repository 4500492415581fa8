// The port through which the workspace gets a province's data (DESIGN.md §2): the names of every unit for
// the first-open picker, the units of a chosen province, and the provinces kept for offline use.
// src/app implements it over public/data/provinces/ and Cache Storage; tests implement it in memory.
import type { Coverage } from '../core/model/types';
import type { UnitNames } from '../core/text/unit-search';

/** A province whose files are kept on this device (its units, its old communes). */
export interface KeptProvince {
  readonly code: string;
  readonly name: string;
  /** Bytes kept for it (its files as stored, uncompressed). */
  readonly bytes: number;
}

/** A province that can be downloaded: what it costs. */
export interface ProvinceOffer {
  readonly code: string;
  readonly name: string;
  readonly units: number;
  /** Bytes to download: its units and its old communes, as the server sends them (gzip). */
  readonly downloadBytes: number;
}

export interface ProvinceSource {
  /** Version of the data a new draft starts from (stored with the draft). */
  readonly dataVersion: string;
  /** Every unit's name (a small file, there before any province is downloaded). */
  unitNames(): Promise<UnitNames>;
  /** The provinces there are, with their download sizes. */
  offers(): Promise<readonly ProvinceOffer[]>;
  /** The units of a province, downloaded (and then kept) or read from the device. Throws naming the file. */
  loadUnits(code: string): Promise<Coverage>;
  /** The provinces whose files are on this device. */
  kept(): Promise<readonly KeptProvince[]>;
  /** Deletes a province's files from this device (its drafts stay: they are in the drafts database). */
  removeKept(code: string): Promise<void>;
}

/**
 * A province whose files are not on this device and could not be downloaded because the network could
 * not be reached (offline, or the server out of reach): the device has nothing of it, so it cannot open
 * until there is a connection. Nothing else changes (no draft is made, nothing kept is touched).
 */
export class ProvinceUnavailableError extends Error {
  constructor(
    readonly code: string,
    /** The file that could not be fetched. */
    readonly file: string,
    message: string,
  ) {
    super(message);
    this.name = 'ProvinceUnavailableError';
  }
}
