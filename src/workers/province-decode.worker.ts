// Web Worker: a province file's bytes to the draft's coverage (decode, the topology built from its units,
// packed into typed arrays that move back without a copy). For the largest province this was 1–1.5 s
// of the main thread's start-up, while the map was waiting to draw.
import { unitsFromTopologyBytes } from '../io/topology-file';
import { packCoverage } from '../core/model/packed';
import type { DecodeRequest, DecodeResponse } from './province-decode-protocol';

const scope = self as unknown as { onmessage: ((e: MessageEvent<DecodeRequest>) => void) | null; postMessage(m: DecodeResponse, transfer: Transferable[]): void };

scope.onmessage = (e) => {
  const { id, bytes, file } = e.data;
  try {
    const coverage = packCoverage(unitsFromTopologyBytes(bytes, file));
    scope.postMessage({ id, ok: true, coverage }, [coverage.coords.buffer, coverage.offsets.buffer]);
  } catch (err) {
    scope.postMessage({ id, ok: false, error: err instanceof Error ? err.message : String(err) }, []);
  }
};
