// Keyboard shortcuts, as data: the editor acts on them and the help panel lists them, so the two can
// never disagree. Tool keys are plain letters (as in iD and QGIS), without modifiers.
import type { ModeName } from './modes';

export const TOOL_KEYS: Readonly<Record<string, ModeName>> = {
  b: 'browse',
  v: 'vertices',
  r: 'reshape',
  s: 'split',
  n: 'new-unit',
  t: 'transfer',
};

/** Turns snapping on or off (S, the usual letter, is split). */
export const SNAP_TOGGLE_KEY = 'g';

/** Snaps the selected vertex onto the nearest other border (J, as JOSM joins a node to a way). */
export const SNAP_VERTEX_KEY = 'j';

/** Commands on the selected unit that the UI carries out: open its boundary record, merge it. */
export const RECORD_KEY = 'p';
export const MERGE_KEY = 'm';

/** Tools that work on the selected unit. */
export const NEEDS_SELECTION: ReadonlySet<ModeName> = new Set(['vertices', 'split', 'transfer']);

/** Every shortcut for the help panel: keys as shown, and the action's message key. */
export const SHORTCUTS: readonly { readonly keys: string; readonly action: string }[] = [
  ...Object.entries(TOOL_KEYS).map(([k, mode]) => ({ keys: k.toUpperCase(), action: `mode:${mode}` })),
  { keys: 'Esc', action: 'escape' },
  { keys: 'Ctrl+Z', action: 'undo' },
  { keys: 'Ctrl+Shift+Z, Ctrl+Y', action: 'redo' },
  { keys: 'Enter', action: 'finish' },
  { keys: 'Backspace', action: 'back' },
  { keys: 'Delete', action: 'delete-vertex' },
  { keys: SNAP_VERTEX_KEY.toUpperCase(), action: 'snap-vertex' },
  { keys: MERGE_KEY.toUpperCase(), action: 'merge' },
  { keys: RECORD_KEY.toUpperCase(), action: 'record' },
  { keys: 'Alt', action: 'no-snap' },
  { keys: SNAP_TOGGLE_KEY.toUpperCase(), action: 'toggle-snap' },
  { keys: '?', action: 'help' },
];
