// Launcher for the command-line tools: `node scripts/cli.mjs NAME ARGS...` runs src/cli/NAME.ts.
//
// Why not tsx: its start-up alone (~0.6 s) is most of the budget of a whole Lào Cai check (< 0.8 s).
// Instead the entry point is bundled once with esbuild into node_modules/.cache/dia-gioi-cli/ and the
// bundle is imported into this same process (no second Node start-up). The bundle is rebuilt when it is
// missing or when any file it was built from (or the installed packages, tsconfig.json or this launcher)
// changed, so a fresh clone needs nothing beyond `npm ci`, and an edit never runs stale code.
//
// Freshness is a stamp over (path, size, mtime) of every input esbuild reported, so it is also right
// when a file's mtime moves backwards (a checkout of an older commit with preserved times).
// Exit codes, stdout and stderr are the tool's own: this file adds nothing to them except on a build
// failure or an unknown tool name (exit 2, message on stderr).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
// DIA_GIOI_CLI_CACHE moves the cache, so the benchmark can time a cold start without disturbing others.
const CACHE = process.env.DIA_GIOI_CLI_CACHE || join(ROOT, 'node_modules', '.cache', 'dia-gioi-cli');
const LAUNCHER = relative(ROOT, fileURLToPath(import.meta.url));
// Inputs outside the bundle's own source list that still change what it does.
const ALWAYS = [LAUNCHER, 'tsconfig.json', 'package-lock.json', join('node_modules', '.package-lock.json')];

/** Hash of (path, size, mtime) of the inputs, or null when one is missing (a rename or delete: rebuild). */
function stampOf(inputs) {
  const h = createHash('sha1');
  for (const p of inputs) {
    let s;
    try {
      s = statSync(join(ROOT, p));
    } catch (e) {
      if (e.code === 'ENOENT' || e.code === 'ENOTDIR') return null;
      throw e;
    }
    h.update(`${p}\0${s.size}\0${s.mtimeMs}\n`);
  }
  return h.digest('hex').slice(0, 16);
}

function readManifest(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    // A missing manifest is the normal first run; a torn or foreign one is rebuilt over, never trusted.
    if (e.code === 'ENOENT' || e instanceof SyntaxError) return null;
    throw e;
  }
}

/** Path of an up-to-date bundle of src/cli/NAME.ts, building it if needed. */
async function bundle(name) {
  const manifestFile = join(CACHE, `${name}.json`);
  const m = readManifest(manifestFile);
  if (m && Array.isArray(m.inputs) && typeof m.stamp === 'string' && stampOf(m.inputs) === m.stamp) {
    const out = join(CACHE, m.stamp, `${name}.mjs`);
    if (existsSync(out)) return out;
  }

  const { build } = await import('esbuild');
  const started = Date.now();
  mkdirSync(CACHE, { recursive: true });
  const tmp = join(CACHE, `tmp-${process.pid}-${started}`);
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: [join('src', 'cli', `${name}.ts`)],
    outfile: join(tmp, `${name}.mjs`),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'error',
    // Bundled CommonJS packages call require() for Node built-ins; an ES module has no require of its own.
    banner: { js: "import { createRequire as __diaGioiCreateRequire } from 'node:module'; const require = __diaGioiCreateRequire(import.meta.url);" },
  });
  const own = Object.keys(result.metafile.inputs).filter((p) => !p.startsWith('node_modules/'));
  const inputs = [...new Set([...ALWAYS.filter((p) => existsSync(join(ROOT, p))), ...own])].sort();
  const stamp = stampOf(inputs);
  const fresh = stamp !== null && inputs.every((p) => statSync(join(ROOT, p)).mtimeMs < started);
  if (!fresh) return join(tmp, `${name}.mjs`); // an input changed while bundling: use this build once, record nothing

  const dir = join(CACHE, stamp);
  try {
    renameSync(tmp, dir);
  } catch (e) {
    // Another process built the same stamp first: its bundle is identical, keep it and drop ours.
    if (e.code !== 'ENOTEMPTY' && e.code !== 'EEXIST') throw e;
    rmSync(tmp, { recursive: true, force: true });
  }
  const pending = `${manifestFile}.${process.pid}`;
  writeFileSync(pending, JSON.stringify({ stamp, inputs }));
  renameSync(pending, manifestFile);
  // Bundles of older stamps are dead weight; a process still running one has it loaded already.
  if (m && typeof m.stamp === 'string' && m.stamp !== stamp && /^[0-9a-f]{16}$/.test(m.stamp)) rmSync(join(CACHE, m.stamp), { recursive: true, force: true });
  return join(dir, `${name}.mjs`);
}

const [name, ...args] = process.argv.slice(2);
if (!name || !/^[a-z][a-z0-9-]*$/.test(name) || !existsSync(join(ROOT, 'src', 'cli', `${name}.ts`))) {
  process.stderr.write(`cli: ${name ? `no tool "${name}" in src/cli` : 'no tool named'}\nusage: node scripts/cli.mjs NAME ARGS...\n`);
  process.exit(2);
}
let out;
try {
  out = await bundle(name);
} catch (e) {
  // esbuild has already printed the located errors (logLevel error); say which tool could not be built.
  process.stderr.write(`cli: cannot build src/cli/${name}.ts: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(2);
}
// The tool reads its arguments from process.argv.slice(2) and may test argv[1] for its own file name.
process.argv = [process.argv[0], out, ...args];
process.setSourceMapsEnabled(true);
await import(pathToFileURL(out).href);
