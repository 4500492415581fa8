// Width of an overlap or gap piece, in metres, estimated as 2·area / perimeter. For the long thin pieces
// that matter here (a border drawn twice, a strip between two borders) this is their mean width: a strip
// of length L and width w has area ≈ wL and perimeter ≈ 2L. For a compact piece it is a lower bound of the
// largest width (a disc of radius r gives r). It needs no extra geometry, is stable under small edits and
// agrees with how the reference (GEOS) figures were read. Sliver means: narrower than the tolerance.
export function widthM(areaM2: number, perimeterM: number): number {
  return perimeterM > 0 ? (2 * areaM2) / perimeterM : 0;
}
