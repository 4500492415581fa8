// Sliver: an overlap or gap narrower than the tolerance. It is a warning, not an error: borders drawn
// from different sources disagree by millimetres, and a snap (DESIGN.md §1, reconcile) fixes it.
export function isSliver(widthM: number, toleranceM: number): boolean {
  return widthM < toleranceM;
}
