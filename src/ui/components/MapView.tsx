import { useEffect, useRef } from 'react';
import type { Editor } from '../../editor/editor';
import type { MapPort } from '../../editor/ports';
import { useT } from '../i18n/language';

export type MapFactory = (container: HTMLElement, label: string) => MapPort;

/** Hosts the map; the map itself is created by the composition root and sits behind MapPort. */
export function MapView({ editor, createMap }: { editor: Editor; createMap: MapFactory }) {
  const t = useT();
  const ref = useRef<HTMLDivElement>(null);
  const label = t.map;
  const initialLabel = useRef(label);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const map = createMap(el, initialLabel.current);
    editor.attachMap(map);
    let live = true;
    void map.whenReady().then(() => {
      if (live) el.dataset.ready = 'true';
    });
    return () => {
      live = false;
      editor.detachMap();
      map.destroy();
    };
    // Created once per editor: a language switch relabels the container, it does not rebuild the map.
  }, [editor, createMap]);
  return <div ref={ref} className="map" role="region" aria-label={label} data-testid="map" />;
}
