import { useEffect, useState } from 'react';
import type { Editor } from '../../editor/editor';
import { useStore } from '../hooks/use-store';
import { useT } from '../i18n/language';
import { FormFooter } from './FormFooter';
import { vn2000Name, vn2000ToWgs84, wgs84ToVn2000 } from '../../io/vn2000';
import { useProvinceGrid } from '../hooks/use-province-grid';

type Crs = 'wgs84' | 'vn2000';

/** The selected vertex's coordinates, shown in WGS 84 and VN-2000, and typed to move it exactly. */
export function VertexForm({ editor }: { editor: Editor }) {
  const t = useT();
  const mode = useStore(editor.modeName);
  const active = useStore(editor.activeVertex);
  const coverage = useStore(editor.coverage);
  const at = active && coverage ? coverage.arcs[active.arc]?.[active.index] : undefined;
  const [crs, setCrs] = useState<Crs>('vn2000');
  const [a, setA] = useState('');
  const [b, setB] = useState('');
  const [error, setError] = useState<string | null>(null);
  const provinceGrid = useProvinceGrid(editor);
  const grid = at && provinceGrid ? wgs84ToVn2000(provinceGrid, at) : null;
  // Fill the fields with where the vertex is, in the chosen system, whenever it or the system changes.
  useEffect(() => {
    if (!at || !grid) return;
    setA(crs === 'wgs84' ? at[0].toFixed(7) : grid[1].toFixed(2));
    setB(crs === 'wgs84' ? at[1].toFixed(7) : grid[0].toFixed(2));
    setError(null);
  }, [at?.[0], at?.[1], crs, provinceGrid]);
  if (mode !== 'vertices' || !at || !grid || !provinceGrid) return null;
  return (
    <form
      className="vertex-form"
      aria-label={t.vertexForm}
      onSubmit={(e) => {
        e.preventDefault();
        const x = Number(a.replace(',', '.'));
        const y = Number(b.replace(',', '.'));
        if (!Number.isFinite(x) || !Number.isFinite(y) || a.trim() === '' || b.trim() === '') return setError(t.vertexBadNumber);
        // VN-2000 as surveyors write it: X = northing, Y = easting.
        const to = crs === 'wgs84' ? ([x, y] as const) : vn2000ToWgs84(provinceGrid, [y, x]);
        if (!(to[0] >= -180 && to[0] <= 180 && to[1] >= -90 && to[1] <= 90)) return setError(t.vertexBadNumber);
        if (!editor.moveActiveVertex([to[0], to[1]])) setError(t.refused);
      }}
    >
      <p className="muted">
        WGS 84: {at[0].toFixed(7)}, {at[1].toFixed(7)} · {vn2000Name(provinceGrid)}: X {grid[1].toFixed(2)} m, Y {grid[0].toFixed(2)} m
      </p>
      <label>
        <span>{t.vertexCrs}</span>
        <select value={crs} onChange={(e) => setCrs(e.target.value as Crs)}>
          <option value="vn2000">{vn2000Name(provinceGrid)}</option>
          <option value="wgs84">WGS 84</option>
        </select>
      </label>
      <label>
        <span>{crs === 'wgs84' ? t.longitude : 'X (m)'}</span>
        <input inputMode="decimal" value={a} onChange={(e) => setA(e.target.value)} />
      </label>
      <label>
        <span>{crs === 'wgs84' ? t.latitude : 'Y (m)'}</span>
        <input inputMode="decimal" value={b} onChange={(e) => setB(e.target.value)} />
      </label>
      <button type="button" className="secondary" onClick={() => editor.snapActiveVertex()}>
        {t.vertexSnap}
      </button>
      <FormFooter
        error={error}
        submitLabel={t.vertexMove}
        cancelLabel={t.vertexDelete}
        onCancel={() => editor.key({ key: 'Delete', ctrl: false, shift: false, alt: false })}
      />
    </form>
  );
}
