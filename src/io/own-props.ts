// Attribute names from files are data, never keys into JavaScript's own machinery: `rec[name]` on a plain
// object reads Object.prototype for "constructor" or "toString", and `rec[name] = v` with "__proto__" sets
// the prototype instead of a property. These two helpers are the only way io reads or writes a record by
// a name that came from a file.

/** The own property `key` of `obj`, or undefined (never an inherited member). */
export function own(obj: object, key: string): unknown {
  return Object.hasOwn(obj, key) ? (obj as Record<string, unknown>)[key] : undefined;
}

/** Sets `key` as an own, enumerable data property ("__proto__" included). */
export function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}
