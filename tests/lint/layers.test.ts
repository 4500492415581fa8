// The layer direction of DESIGN.md §2 is enforced by eslint; this proves the rules bite.
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import { join } from 'node:path';
import { ROOT } from '../helpers/data';

const eslint = new ESLint({ cwd: ROOT, overrideConfigFile: join(ROOT, 'eslint.config.js') });

async function errors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, filePath) });
  return result!.messages.filter((m) => m.severity === 2).map((m) => m.ruleId ?? m.message);
}

describe('layer rules', () => {
  it('core imports no React, maplibre, dexie, upper layer or DOM global', async () => {
    const code = [
      "import { useState } from 'react';",
      "import * as m from 'maplibre-gl';",
      "import Dexie from 'dexie';",
      "import { Editor } from '../../editor/editor';",
      'export const x = [useState, m, Dexie, Editor, window.location];',
    ].join('\n');
    expect(await errors('src/core/model/x.ts', code)).toEqual([
      'no-restricted-imports',
      'no-restricted-imports',
      'no-restricted-imports',
      'no-restricted-imports',
      'no-restricted-globals',
    ]);
  });

  it('only map/ imports maplibre-gl and only persistence/ imports dexie', async () => {
    expect(await errors('src/ui/x.ts', "import * as m from 'maplibre-gl';\nexport const x = m;")).toEqual(['no-restricted-imports']);
    expect(await errors('src/map/x.ts', "import * as m from 'maplibre-gl';\nexport const x = m;")).toEqual([]);
    expect(await errors('src/editor/x.ts', "import Dexie from 'dexie';\nexport const x = Dexie;")).toEqual(['no-restricted-imports']);
    expect(await errors('src/persistence/x.ts', "import Dexie from 'dexie';\nexport const x = Dexie;")).toEqual([]);
  });

  it('editor does not import ui or map; ui does not import map or persistence', async () => {
    expect(await errors('src/editor/x.ts', "import { App } from '../ui/App';\nexport const x = App;")).toEqual(['no-restricted-imports']);
    expect(await errors('src/ui/x.ts', "import { MaplibreMap } from '../map/maplibre-map';\nexport const x = MaplibreMap;")).toEqual(['no-restricted-imports']);
  });

  it('server (the hub) uses core and io but no browser layer, and nothing imports server', async () => {
    const browser = [
      "import { App } from '../ui/App';",
      "import { MaplibreMap } from '../map/maplibre-map';",
      "import { openDatabase } from '../persistence/db';",
      "import { main } from '../app/main';",
      "import { run } from '../workers/validation';",
      'export const x = [App, MaplibreMap, openDatabase, main, run];',
    ].join('\n');
    expect(await errors('src/server/x.ts', browser)).toEqual(Array(5).fill('no-restricted-imports'));
    expect(await errors('src/server/x.ts', "import Dexie from 'dexie';\nexport const x = Dexie;")).toEqual(['no-restricted-imports']);
    const over = "import { validate } from '../core/validation/validator';\nimport { readGeoJSON } from '../io/geojson';\nexport const x = [validate, readGeoJSON];";
    expect(await errors('src/server/x.ts', over)).toEqual([]);
    for (const layer of ['core/model', 'editor', 'ui', 'app', 'io', 'cli']) {
      expect(await errors(`src/${layer}/x.ts`, "import { buildApp } from '../server/app';\nexport const x = buildApp;"), layer).toEqual(['no-restricted-imports']);
    }
  });
});
