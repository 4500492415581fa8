// Edit a unit's attributes, with the same checks the validator applies (code: 5 digits and unique).
import type { Coverage, UnitAttrs, UnitType } from '../model/types';
import { makeAction, type Action, type Refusal } from './refusal';

export type AttrPatch = Partial<Pick<UnitAttrs, 'code' | 'name' | 'fullName' | 'type' | 'officialAreaKm2'>>;

const PREFIX: Record<UnitType, string> = { phuong: 'Phường', xa: 'Xã', 'dac-khu': 'Đặc khu' };

export function fullNameFor(type: UnitType, name: string): string {
  return `${PREFIX[type]} ${name.trim()}`;
}

/** Checks shared by attribute editing and new units. `self` is the unit being edited, if any. */
export function checkAttributes(c: Coverage, a: Pick<UnitAttrs, 'code' | 'name' | 'type'>, self?: string): Refusal | false {
  if (!/^\d{5}$/.test(a.code)) return 'code-format';
  for (const u of c.units.values()) if (u.id !== self && u.attrs.code === a.code) return 'code-taken';
  if (a.name.trim() === '') return 'name-missing';
  if (!a.type) return 'type-missing';
  return false;
}

export function actionSetAttributes(unitId: string, patch: AttrPatch): Action<Coverage> {
  const next = (c: Coverage): UnitAttrs | null => {
    const u = c.units.get(unitId);
    if (!u) return null;
    const merged = { ...u.attrs, ...patch };
    const name = merged.name.normalize('NFC').trim();
    // A renamed or re-typed unit gets the matching full name unless one is given explicitly.
    const fullName = patch.fullName ?? (merged.type ? fullNameFor(merged.type, name) : merged.fullName);
    return { ...merged, name, fullName };
  };
  return makeAction(
    (c) => {
      const attrs = next(c);
      const u = c.units.get(unitId);
      if (!attrs || !u) return c;
      const units = new Map(c.units);
      units.set(unitId, { ...u, attrs });
      return { arcs: c.arcs, units };
    },
    (c) => {
      const attrs = next(c);
      return attrs ? checkAttributes(c, attrs, unitId) : 'unknown-unit';
    },
  );
}
