// Traces every bundled data file (geodata/src/, public/data/) back to the repositories it was made from,
// through the prepare scripts' manifests (geodata/manifest.json, geodata/national-manifest.json) and the
// source registry (geodata/sources.json), and lists what breaks the rule "bundle nothing GPL": a file
// made (directly or through another output) from a source whose licence is not allowed, a bundled file
// no manifest or registry accounts for, an input the registry does not know.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface Registry {
  readonly repositories: Readonly<Record<string, { readonly repository: string; readonly licence: string }>>;
  /** Path (or a pattern with *) → keys of `repositories`. */
  readonly files: Readonly<Record<string, readonly string[]>>;
}

/** Output path → its input paths (repository-relative, or shared/geodata-src/…). */
export type Outputs = ReadonlyMap<string, readonly string[]>;

const pattern = (p: string) => new RegExp(`^${p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '[^/]*')}$`);

function registered(registry: Registry, path: string): readonly string[] | null {
  for (const [p, repos] of Object.entries(registry.files)) if (pattern(p).test(path)) return repos;
  return null;
}

/** Problems, one sentence each; empty when every bundled file comes from allowed licences only. */
export function provenanceProblems(registry: Registry, outputs: Outputs, bundled: readonly string[], allowed: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const licencesOf = (path: string, seen: readonly string[]): { repo: string; licence: string; via: string }[] => {
    if (seen.includes(path)) {
      problems.push(`${path} is made from itself (${seen.join(' ← ')})`);
      return [];
    }
    const inputs = outputs.get(path);
    if (inputs) return inputs.flatMap((i) => licencesOf(i, [...seen, path]).map((l) => ({ ...l, via: l.via ? `${i} ← ${l.via}` : i })));
    const repos = registered(registry, path);
    if (!repos) {
      problems.push(`${[...seen, path].join(' ← ')}: no source in geodata/sources.json`);
      return [];
    }
    return repos.map((r) => ({ repo: r, licence: registry.repositories[r]?.licence ?? 'unknown', via: '' }));
  };
  for (const file of bundled) {
    for (const l of licencesOf(file, [])) {
      if (!allowed.has(l.licence)) problems.push(`${file} comes from ${l.repo} (${l.licence})${l.via ? ` through ${l.via}` : ''}`);
    }
  }
  return problems;
}

/** Files under `dir`, as paths relative to `root`, sorted. */
export function filesUnder(root: string, dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(root, p));
    }
  };
  walk(join(root, dir));
  return out.sort();
}
