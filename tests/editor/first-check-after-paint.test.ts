// The first full check waits for the map's first paint: on a 2-core machine, sending the largest
// province to the worker and checking it there took the cores the first paint needed.
import { describe, expect, it } from 'vitest';
import type { Feature, Polygon } from 'geojson';
import { coverageFromFeatures } from '../../src/core/model';
import { Editor, FIRST_PAINT_WAIT_MS, type EditorTimers } from '../../src/editor/editor';
import type { ValidationRequest, ValidatorPort } from '../../src/editor/validator-port';
import { RecordingMap } from '../helpers/fake-map';

function square(code: string, x0: number): Feature<Polygon> {
  return {
    type: 'Feature',
    properties: { code, name: code, fullName: `Xã ${code}` },
    geometry: { type: 'Polygon', coordinates: [[[x0, 0], [x0 + 1, 0], [x0 + 1, 1], [x0, 1], [x0, 0]]] },
  };
}

/** A validator that records the requests and answers none of them with issues. */
function recordingValidator(): ValidatorPort & { requests: ValidationRequest['kind'][] } {
  const requests: ValidationRequest['kind'][] = [];
  return {
    requests,
    setReference: () => undefined,
    setContext: () => undefined,
    check: (r) => {
      requests.push(r.kind);
      return Promise.resolve([]);
    },
    dispose: () => undefined,
  };
}

/** A map whose first paint ends when the test says so. */
class SlowMap extends RecordingMap {
  drawn!: () => void;
  private readonly ready = new Promise<void>((r) => (this.drawn = r));
  override whenReady(): Promise<void> {
    return this.ready;
  }
}

/** Timers that fire only when the test says so. */
class ManualTimers implements EditorTimers {
  private next = 0;
  readonly pending = new Map<number, { fn: () => void; ms: number }>();
  setTimeout(fn: () => void, ms: number): unknown {
    this.pending.set(++this.next, { fn, ms });
    return this.next;
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  fireAll(): void {
    const due = [...this.pending.values()];
    this.pending.clear();
    for (const t of due) t.fn();
  }
}

const flush = () => new Promise<void>((r) => setImmediate(r));
const c = coverageFromFeatures([square('A', 0), square('B', 1)]);

describe('the first full check', () => {
  it('starts once the map has drawn the coverage, not before', async () => {
    const v = recordingValidator();
    const e = new Editor(v, new ManualTimers());
    const map = new SlowMap();
    e.attachMap(map);
    e.load(c);
    await flush();
    expect(v.requests).toEqual([]);
    map.drawn();
    await flush();
    expect(v.requests).toEqual(['full']);
    expect(e.checkState.get().status).toBe('ready');
  });

  it('starts after FIRST_PAINT_WAIT_MS when the map never draws (a background tab, a lost WebGL context)', async () => {
    const v = recordingValidator();
    const timers = new ManualTimers();
    const e = new Editor(v, timers);
    e.attachMap(new SlowMap());
    e.load(c);
    await flush();
    expect(v.requests).toEqual([]);
    // Meanwhile the panel shows the check as under way, not as done.
    expect(e.checkState.get()).toEqual({ status: 'checking', full: true });
    expect([...timers.pending.values()].map((t) => t.ms)).toEqual([FIRST_PAINT_WAIT_MS]);
    timers.fireAll();
    expect(v.requests).toEqual(['full']);
    await flush();
    expect(e.checkState.get().status).toBe('ready');
  });

  it('drops the bound once the map has drawn, and a detached map’s bound starts nothing', async () => {
    const v = recordingValidator();
    const timers = new ManualTimers();
    const e = new Editor(v, timers);
    const map = new SlowMap();
    e.attachMap(map);
    e.load(c);
    map.drawn();
    await flush();
    expect(v.requests).toEqual(['full']);
    expect(timers.pending.size).toBe(0);
    const other = new Editor(recordingValidator(), timers);
    other.attachMap(new SlowMap());
    other.load(c);
    other.detachMap();
    expect(timers.pending.size).toBe(0);
  });

  it('starts at once without a map, and when the map it waited for is detached', async () => {
    const alone = recordingValidator();
    new Editor(alone, new ManualTimers()).load(c);
    expect(alone.requests).toEqual(['full']);
    const v = recordingValidator();
    const e = new Editor(v, new ManualTimers());
    e.attachMap(new SlowMap());
    e.load(c);
    await flush();
    expect(v.requests).toEqual([]);
    e.detachMap();
    expect(v.requests).toEqual(['full']);
  });

  it('waits for a map attached in place of the one it waited for (that one never draws)', async () => {
    const v = recordingValidator();
    const e = new Editor(v, new ManualTimers());
    e.attachMap(new SlowMap());
    e.load(c);
    const second = new SlowMap();
    e.attachMap(second);
    await flush();
    expect(v.requests).toEqual([]);
    second.drawn();
    await flush();
    expect(v.requests).toEqual(['full']);
  });

  it('does not wait again for later edits', async () => {
    const v = recordingValidator();
    const e = new Editor(v, new ManualTimers());
    const map = new SlowMap();
    e.attachMap(map);
    e.load(c);
    map.drawn();
    await flush();
    e.perform(Object.assign((x: typeof c) => ({ ...x, units: new Map(x.units) }), { disabled: () => false as const }), 'touch');
    await flush();
    expect(v.requests).toEqual(['full', 'diff']);
  });

  it('waits while held (the province’s context loading), then runs once, whether the hold succeeds or fails', async () => {
    for (const outcome of ['resolve', 'reject'] as const) {
      const v = recordingValidator();
      const e = new Editor(v, new ManualTimers());
      let settle: () => void = () => undefined;
      e.holdFullChecks(new Promise<void>((ok, no) => (settle = outcome === 'resolve' ? ok : () => no(new Error('offline')))));
      e.load(c);
      e.recheckAll(); // as the old communes and the neighbours do when they arrive
      await flush();
      expect(v.requests).toEqual([]);
      expect(e.checkState.get()).toEqual({ status: 'checking', full: true });
      settle();
      await flush();
      expect(v.requests).toEqual(['full']);
    }
  });
});
