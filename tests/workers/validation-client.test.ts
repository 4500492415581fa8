// The worker validator's check: a request that cannot be packed for the worker (here a coverage too large
// for a typed array) is a rejected check, which the editor shows as its 'error' state; later checks run.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Feature, Polygon } from 'geojson';
import { coverageFromFeatures } from '../../src/core/model';
import type { Arc, Coverage } from '../../src/core/model/types';
import { Editor } from '../../src/editor/editor';
import { workerValidator } from '../../src/workers/validation-client';
import type { WorkerRequest } from '../../src/workers/validation-protocol';

/** A Worker that keeps what is posted to it and never answers. */
class PostedWorker {
  static last: PostedWorker | null = null;
  readonly posted: WorkerRequest[] = [];
  onmessage: unknown = null;
  onerror: unknown = null;
  onmessageerror: unknown = null;
  constructor() {
    PostedWorker.last = this;
  }
  postMessage(m: WorkerRequest): void {
    this.posted.push(m);
  }
  terminate(): void {}
}

function square(code: string, x0: number): Feature<Polygon> {
  return {
    type: 'Feature',
    properties: { code, name: code, fullName: `Xã ${code}` },
    geometry: { type: 'Polygon', coordinates: [[[x0, 0], [x0 + 1, 0], [x0 + 1, 1], [x0, 1], [x0, 0]]] },
  };
}

/** An arc claiming more vertices than a Float64Array can hold: packing it throws a RangeError at once. */
const unpackable: Coverage = { arcs: [{ length: 2 ** 53 } as unknown as Arc], units: new Map() };
const flush = () => new Promise<void>((r) => setImmediate(r));

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('workerValidator.check', () => {
  it('rejects when the coverage cannot be packed, posting nothing', async () => {
    vi.stubGlobal('Worker', PostedWorker);
    const v = workerValidator();
    let checked: Promise<unknown> | undefined;
    expect(() => (checked = v.check({ kind: 'full', coverage: unpackable }, {}))).not.toThrow();
    await expect(checked).rejects.toBeInstanceOf(RangeError);
    expect(PostedWorker.last!.posted).toEqual([]);
  });

  it('the editor shows the failure as its error state, and the next draft is checked', async () => {
    vi.stubGlobal('Worker', PostedWorker);
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const e = new Editor(workerValidator());
    e.load(unpackable);
    await flush();
    expect(e.checkState.get().status).toBe('error');
    expect(logged.mock.calls[0]?.[0]).toBeInstanceOf(RangeError);
    e.load(coverageFromFeatures([square('10001', 106)]));
    expect(e.checkState.get()).toEqual({ status: 'checking', full: true });
    expect(PostedWorker.last!.posted.map((m) => m.kind)).toEqual(['check']);
  });
});
