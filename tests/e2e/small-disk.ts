// A real full disk for the end-to-end tests: a small tmpfs that holds the browser profile, filled to the
// last byte and freed by the test. Mounting needs root (CI runs as root). Nothing here waits: dd ends at
// ENOSPC, removing the filler gives the space back at once.
import { afterEach, beforeEach, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SmallDisk {
  /** Where the tmpfs is mounted. */
  readonly mount: string;
  /** A browser profile folder on the tmpfs (Chromium creates it). */
  readonly profileDir: string;
  /**
   * Fills the tmpfs to the last byte. Called again, it takes what the browser gave back meanwhile (each
   * call writes a new file: rewriting the first would free it while dd runs).
   */
  fill(): void;
  /** Gives the space taken by `fill` back. */
  free(): void;
}

function mountSmallDisk(size: string): SmallDisk {
  const mount = mkdtempSync(join(tmpdir(), 'diagioi-smalldisk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', mount]);
  } catch (e) {
    rmSync(mount, { recursive: true, force: true });
    throw new Error(`a full-disk test mounts a tmpfs and needs root (CI runs as root): ${(e as Error).message}`);
  }
  const fillers: string[] = [];
  return {
    mount,
    profileDir: join(mount, 'profile'),
    fill() {
      // dd ends at ENOSPC, but the browser may give space back while it runs or just after (a journal or a
      // temporary file removed; seen in a CI rehearsal on a loaded machine: 382 pages left). So fill again,
      // into a new file, until less than one 1 MB block of dd is left: a few pages at most.
      for (let i = 0; i < 20 && (i === 0 || statfsSync(mount).bavail >= 64); i++) {
        const filler = join(mount, `filler-${fillers.length}`);
        fillers.push(filler);
        try {
          execFileSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=1M'], { stdio: 'ignore' });
        } catch {
          // dd exits non-zero when the disk is full: that is the point.
        }
      }
      expect(statfsSync(mount).bavail).toBeLessThan(64);
    },
    free() {
      for (const f of fillers.splice(0)) rmSync(f, { force: true });
    },
  };
}

function unmount(disk: SmallDisk): void {
  execFileSync('umount', ['-l', disk.mount]);
  rmSync(disk.mount, { recursive: true, force: true });
}

/**
 * Gives every test of the enclosing describe (or file) its own freshly mounted tmpfs of `size` (a
 * `mount -o size=` value), unmounted after the test whatever happened. Returns a getter for the current
 * test's disk.
 */
export function smallDiskPerTest(size = '256m'): () => SmallDisk {
  let current: SmallDisk | null = null;
  beforeEach(() => {
    current = mountSmallDisk(size);
  });
  afterEach(() => {
    const d = current;
    current = null;
    if (d) unmount(d);
  });
  return () => {
    if (!current) throw new Error('no disk: smallDiskPerTest serves the tests of the describe it is called in');
    return current;
  };
}
