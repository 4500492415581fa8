import type { Editor } from '../editor/editor';
import { useStore } from './hooks/use-store';
import { useT } from './i18n/language';
import { Header } from './components/Header';
import { MapView, type MapFactory } from './components/MapView';
import { UnitBrowser } from './components/UnitBrowser';
import { UnitPanel } from './components/UnitPanel';

export function App({ editor, createMap }: { editor: Editor; createMap: MapFactory }) {
  const t = useT();
  const load = useStore(editor.loadState);
  return (
    <div className="app">
      <Header editor={editor} />
      {load.status === 'error' ? (
        <div className="load-error" role="alert">
          <strong>{t.loadFailed}</strong>
          <p>
            {t.file}: <code>{load.file}</code>
          </p>
          <p>{load.message}</p>
        </div>
      ) : null}
      {load.status === 'loading' ? (
        <p className="loading" role="status">
          {t.loading}
        </p>
      ) : null}
      <main className="workspace">
        <aside className="sidebar">
          <UnitBrowser editor={editor} />
        </aside>
        <MapView editor={editor} createMap={createMap} />
        <aside className="details">
          <UnitPanel editor={editor} />
        </aside>
      </main>
      <footer className="credits">
        <strong>{t.dataSources}:</strong> {t.credits}
      </footer>
    </div>
  );
}
