// Modes are explicit state machines (iD modes, tldraw tool states): enter installs, exit removes,
// pointer and key events go to the current mode first.
import { VerticesMode } from './vertices';
import { DrawMode } from './draw';
import type { Mode, ModeContext, ModeName } from './types';

export type { Mode, ModeContext, ModeName, KeyInput, Pending } from './types';
export { EMPTY_FC } from './types';

class BrowseMode implements Mode {
  enter(): void {}
  exit(): void {}
  pointer(): boolean {
    return false;
  }
  key(): boolean {
    return false;
  }
}

export function createMode(name: ModeName, ctx: ModeContext): Mode {
  switch (name) {
    case 'browse':
      return new BrowseMode();
    case 'vertices':
      return new VerticesMode(ctx);
    default:
      return new DrawMode(ctx, name);
  }
}
