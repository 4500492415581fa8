// A hand-drawn ring that crosses or touches itself is found, where it does; a simple ring is not.
import { describe, expect, it } from 'vitest';
import { ringSelfCrossing } from '../../../src/core/geom/ring-crossing';

describe('ringSelfCrossing', () => {
  it('finds nothing in simple rings, clockwise or not, with a double click or a closing repeat', () => {
    expect(ringSelfCrossing([[0, 0], [2, 0], [2, 2], [0, 2]])).toBeNull();
    expect(ringSelfCrossing([[0, 0], [0, 2], [2, 2], [2, 0]])).toBeNull();
    expect(ringSelfCrossing([[0, 0], [2, 0], [2, 0], [2, 2], [0, 2], [0, 0]])).toBeNull();
    // A concave ring whose vertex comes close to a side but does not reach it.
    expect(ringSelfCrossing([[0, 0], [4, 0], [4, 4], [2, 1e-9], [0, 4]])).toBeNull();
  });

  it('finds a bow-tie at its crossing', () => {
    expect(ringSelfCrossing([[0, 0], [2, 2], [2, 0], [0, 2]])).toEqual([1, 1]);
  });

  it('finds a vertex touching another side, and a side folding back on the one before', () => {
    expect(ringSelfCrossing([[0, 0], [4, 0], [4, 4], [2, 0], [0, 4]])).toEqual([2, 0]);
    expect(ringSelfCrossing([[0, 0], [4, 0], [2, 0], [2, 2]])).not.toBeNull();
  });

  it('finds a ring that passes the same point twice', () => {
    expect(ringSelfCrossing([[0, 0], [2, 0], [1, 1], [2, 2], [0, 2], [1, 1]])).toEqual([1, 1]);
  });

  it('has nothing to say about fewer than three distinct points', () => {
    expect(ringSelfCrossing([[0, 0], [1, 1], [1, 1]])).toBeNull();
  });
});
