// Why an edit is refused. Codes, not prose: the UI words them (DESIGN.md habit 2).
export type Refusal =
  | 'unknown-vertex'
  | 'unknown-arc'
  | 'unknown-unit'
  | 'vertex-is-node'
  | 'collapsed-ring'
  | 'self-intersection'
  | 'not-neighbours'
  | 'line-outside-unit'
  | 'line-not-on-border'
  | 'line-too-short'
  /** A drawn polygon (a new unit, an area to transfer) crosses or touches itself. */
  | 'ring-crosses-itself'
  /** The edit would give a unit land that a unit of a neighbouring province holds. */
  | 'takes-other-province'
  /** A split line touches the unit's border between its ends: a part would touch itself at a point. */
  | 'line-touches-border'
  | 'several-neighbours'
  | 'same-unit'
  | 'code-format'
  | 'code-taken'
  | 'name-missing'
  | 'type-missing'
  | 'empty-result'
  | 'nothing-to-do'
  /** A change computed elsewhere (a worker) for a draft that has changed since. */
  | 'draft-changed'
  | 'cannot-split'
  | 'open-boundary'
  | 'no-selection'
  /** Snapping a vertex: no other border lies within the snapping reach. */
  | 'nothing-in-reach'
  | 'read-only';

/** An edit: a pure function of the coverage, with its precondition beside it (iD's action.disabled). */
export interface Action<C> {
  (c: C): C;
  disabled(c: C): Refusal | false;
}

export function makeAction<C>(apply: (c: C) => C, disabled: (c: C) => Refusal | false): Action<C> {
  const a = ((c: C) => apply(c)) as Action<C>;
  a.disabled = disabled;
  return a;
}
