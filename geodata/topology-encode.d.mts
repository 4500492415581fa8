// Types of geodata/topology-encode.mjs, for the tests that build files with it.
export interface EncodeItem {
  readonly id: string;
  readonly properties: Readonly<Record<string, unknown>>;
  /** MultiPolygon coordinates, [lon, lat] in degrees; rings closed. */
  readonly coordinates: readonly (readonly (readonly (readonly [number, number] | readonly number[])[])[])[];
}

export interface TopologyStats {
  readonly rings: number;
  readonly vertices: number;
  readonly distinctPositions: number;
  readonly arcs: number;
  readonly arcVertices: number;
  readonly arcRefs: number;
  readonly arcsUsedOnce: number;
  readonly arcsUsedTwice: number;
  readonly arcsUsedMore: number;
  readonly zeroLengthArcs: number;
  readonly repeatedVertices: number;
}

export interface BuiltTopology {
  readonly arcs: readonly (readonly (readonly number[])[])[];
  readonly features: readonly { readonly id: string; readonly properties: Readonly<Record<string, unknown>>; readonly polygons: number[][][] }[];
  readonly stats: TopologyStats;
}

export function buildTopology(items: readonly EncodeItem[], decimals: number): BuiltTopology;

export function encodeTopology(
  layer: string,
  province: { readonly code: string; readonly name: string; readonly resolution?: string },
  decimals: number,
  topo: BuiltTopology,
): { readonly bytes: Uint8Array; readonly offGrid: number };
