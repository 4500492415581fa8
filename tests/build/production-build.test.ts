// The production build, inspected: the end-to-end test hook is not in it, and index.html carries the
// Content-Security-Policy before anything it loads, with no inline script.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { contentSecurityPolicy } from '../../scripts/content-security-policy';

const ROOT = join(import.meta.dirname, '..', '..');
let outDir = '';

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'diagioi-prod-build-'));
  // Vitest sets NODE_ENV=test, which would make Vite build a non-production app: build as `vite build` does.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ root: ROOT, configFile: join(ROOT, 'vite.config.ts'), mode: 'production', logLevel: 'error', build: { outDir, emptyOutDir: true } });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}, 300_000);

afterAll(() => {
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

describe('the production build', () => {
  it('does not contain the end-to-end test hook window.__diaGioi', () => {
    const scripts = [
      ...readdirSync(join(outDir, 'assets'))
        .filter((f) => /\.m?js$/.test(f))
        .map((f) => join(outDir, 'assets', f)),
      join(outDir, 'sw.js'),
    ];
    expect(scripts.length).toBeGreaterThan(3);
    for (const f of scripts) expect({ file: f, hook: readFileSync(f, 'utf8').includes('__diaGioi') }).toEqual({ file: f, hook: false });
  });

  it('sets the Content-Security-Policy in index.html before any script or stylesheet, and has no inline script', () => {
    const html = readFileSync(join(outDir, 'index.html'), 'utf8');
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html);
    expect(meta?.[1]?.replaceAll('&quot;', '"')).toBe(contentSecurityPolicy());
    const first = Math.min(...['<script', '<link'].map((tag) => html.indexOf(tag)).filter((i) => i >= 0));
    expect(meta!.index).toBeLessThan(first);
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/\bsrc="\.\/assets\//);
      expect(body!.trim()).toBe('');
    }
    // No inline event handler or style attribute either.
    expect(html).not.toMatch(/\son[a-z]+=|\sstyle=/i);
  });
});
