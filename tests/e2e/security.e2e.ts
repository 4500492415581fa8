// The Content-Security-Policy in real Chromium: injected script of every kind is refused (the browser
// reports a violation and nothing runs), while the whole app works under the same policy.
import { describe, expect, inject, it } from 'vitest';
import { contentSecurityPolicy } from '../../scripts/content-security-policy';
import { openSession, type Session } from './browser';
import { drawn, expectClean, issues, openApp } from './helpers';

const baseURL = inject('baseURL');

interface Violation {
  directive: string;
  blocked: string;
}

/** A fresh profile with every CSP violation of the page recorded in `window.__violations`. */
async function openWatched(): Promise<Session> {
  const s = await openSession();
  await s.context.addInitScript(() => {
    const w = window as any;
    w.__violations = [];
    w.__pwned = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__violations.push({ directive: e.effectiveDirective, blocked: e.blockedURI }));
  });
  await openApp(s.page, baseURL);
  return s;
}

function violations(s: Session): Promise<Violation[]> {
  return s.page.evaluate(() => (window as any).__violations as Violation[]);
}

describe('the Content-Security-Policy', () => {
  it('is set by the page (meta tag) and by the server (header), as scripts/content-security-policy.ts builds it', async () => {
    const s = await openWatched();
    try {
      const meta = await s.page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
      expect(meta).toBe(contentSecurityPolicy());
      expect(meta).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
      const res = await s.context.request.get(baseURL);
      expect(res.headers()['content-security-policy']).toBe(contentSecurityPolicy({}, 'header'));
      expectClean(s);
    } finally {
      await s.close();
    }
  });

  it('refuses injected script: data: and blob: URLs, inline code, event handlers, javascript: links, eval', async () => {
    const s = await openWatched();
    try {
      // Each attempt must be reported as a violation of the directive named, and do nothing.
      const attempt = async <R>(directive: string, blocked: string, attack: (arg: string) => R | Promise<R>, arg = ''): Promise<R> => {
        const before = (await violations(s)).length;
        const result = await s.page.evaluate(attack, arg);
        await expect
          .poll(async () => (await violations(s)).slice(before).some((v) => v.directive === directive && v.blocked === blocked), { message: `${directive} ${blocked}` })
          .toBe(true);
        return result;
      };
      // A script from a data: URL, as markup smuggled in a file could ask for; and from a blob: URL.
      // Each resolves with how the element ended: loaded, or refused (its error event).
      const fromUrl = (kind: string) =>
        new Promise<string>((resolve) => {
          const code = `window.__pwned.push('${kind}-url')`;
          const el = document.createElement('script');
          el.src = kind === 'data' ? `data:text/javascript,${code}` : URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
          el.onload = () => resolve('loaded');
          el.onerror = () => resolve('refused');
          document.body.append(el);
        });
      expect(await attempt('script-src-elem', 'data', fromUrl, 'data')).toBe('refused');
      expect(await attempt('script-src-elem', 'blob', fromUrl, 'blob')).toBe('refused');
      // Inline code in a script element (innerHTML never runs scripts; createElement does, unless refused).
      await attempt('script-src-elem', 'inline', () => {
        const el = document.createElement('script');
        el.textContent = "window.__pwned.push('inline')";
        document.body.append(el);
      });
      // An event handler attribute that fires as soon as the image fails to decode.
      await attempt('script-src-attr', 'inline', () => {
        const holder = document.createElement('div');
        holder.innerHTML = `<img src="data:," onerror="window.__pwned.push('onerror')">`;
        document.body.append(holder);
      });
      // A javascript: link, clicked.
      await attempt('script-src-elem', 'inline', () => {
        const a = document.createElement('a');
        a.href = "javascript:window.__pwned.push('javascript-url')";
        document.body.append(a);
        a.click();
      });
      // String evaluation in all its forms: the page's own eval and Function throw; a string timer never runs.
      // From a task of the page's own: code that DevTools is evaluating right now may eval (Playwright's
      // evaluate is DevTools), what the page runs later may not.
      const evaluated = await attempt('script-src', 'eval', async () => {
        await new Promise((r) => setTimeout(r, 0));
        const out: string[] = [];
        for (const run of [() => (0, window.eval)("window.__pwned.push('eval')"), () => new Function("window.__pwned.push('function')")()]) {
          try {
            run();
            out.push('ran');
          } catch (e) {
            out.push((e as Error).name);
          }
        }
        return out;
      });
      expect(evaluated).toEqual(['EvalError', 'EvalError']);
      await attempt('script-src', 'eval', async () => {
        setTimeout("window.__pwned.push('timer-string')" as unknown as () => void, 0);
        // Timers of equal delay run in order: once this one has run, the string timer had its turn.
        await new Promise((r) => setTimeout(r, 0));
      });
      // A worker from a blob: URL.
      const worker = await attempt('worker-src', 'blob', () =>
        new Promise<string>((resolve) => {
          const w = new Worker(URL.createObjectURL(new Blob(["postMessage('worker')"], { type: 'text/javascript' })));
          w.onmessage = (e) => {
            (window as any).__pwned.push(e.data);
            resolve('ran');
          };
          w.onerror = () => resolve('refused');
        }));
      expect(worker).toBe('refused');
      // Data from another origin on the same machine: reachable (loopback), but not the app's origin.
      const foreign = `${baseURL.replace('127.0.0.1', 'localhost')}data/haiphong-2025.geojson`;
      const fetched = await attempt('connect-src', foreign, (url) => fetch(url).then(() => 'fetched', (e: Error) => e.name), foreign);
      expect(fetched).toBe('TypeError');
      // An inline style attribute and a <style> element do nothing either.
      await attempt('style-src-attr', 'inline', () => {
        const holder = document.createElement('div');
        holder.innerHTML = `<span id="styled" style="color: rgb(255, 0, 0)">x</span>`;
        document.body.append(holder);
      });
      await attempt('style-src-elem', 'inline', () => {
        const style = document.createElement('style');
        style.textContent = '#styled { color: rgb(0, 128, 0) !important; }';
        document.head.append(style);
      });
      expect(await s.page.evaluate(() => getComputedStyle(document.getElementById('styled')!).color)).not.toMatch(/rgb\(255, 0, 0\)|rgb\(0, 128, 0\)/);
      // Nothing ran.
      expect(await s.page.evaluate(() => (window as any).__pwned)).toEqual([]);
      // The refusals are all the browser logged; no request left loopback.
      expect(s.blocked).toEqual([]);
      expect(s.errors.filter((e) => !/Content Security Policy/.test(e))).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('lets the whole app work: the map draws, the checks run, import, export, drafts and the record open', async () => {
    const s = await openWatched();
    try {
      await drawn(s.page, 'units-fill');
      expect((await issues(s.page)).length).toBeGreaterThan(0); // the validation worker ran
      // Offline app: the service worker (worker-src 'self') registered and controls the page.
      await s.page.waitForFunction(() => navigator.serviceWorker.ready.then(() => true));
      // Import: the dialog (a lazy chunk) opens on a dropped file.
      await s.page.evaluate(() => {
        const dt = new DataTransfer();
        dt.items.add(new File(['{"type":"FeatureCollection","features":[]}'], 'empty.geojson', { type: 'application/geo+json' }));
        const target = document.querySelector('.app')!;
        target.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
        target.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
      });
      const importDialog = s.page.getByRole('dialog', { name: 'Nhập ranh giới' });
      await importDialog.waitFor();
      await importDialog.getByRole('button', { name: 'Đóng' }).first().click();
      await importDialog.waitFor({ state: 'detached' });
      await s.page.getByRole('button', { name: 'Xuất tệp' }).click();
      const exportDialog = s.page.getByRole('dialog').first();
      await exportDialog.waitFor();
      await s.page.keyboard.press('Escape');
      await exportDialog.waitFor({ state: 'detached' });
      await s.page.getByRole('button', { name: /^Bản nháp/ }).click();
      const drafts = s.page.getByRole('dialog').first();
      await drafts.waitFor();
      await s.page.keyboard.press('Escape');
      await drafts.waitFor({ state: 'detached' });
      await s.page.getByRole('list', { name: 'Danh sách đơn vị' }).getByRole('button', { name: /Thành Đông/ }).click();
      await s.page.getByRole('button', { name: 'Hồ sơ địa giới' }).click();
      await s.page.getByRole('article', { name: /Hồ sơ địa giới hành chính — Phường Thành Đông/ }).waitFor();
      expect(await violations(s)).toEqual([]);
      expectClean(s);
    } finally {
      await s.close();
    }
  });
});
