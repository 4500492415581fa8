// One autosave timed in the page, shared by the province benches: waits until the draft is saved,
// moves vertex 1 of an arc picked by `n` by 1e-6°, and resolves with the milliseconds from the move to
// the save that holds it (null when the move was refused).
// `atRest`: the edit is made once the draft is at rest (the last save and its second copy written), as a
// single edit is; otherwise right after the last save, inside the autosave's batching window (150 ms
// after a write starts, the next one waits for the window's end). A string, not a function: the page's CSP
// and the test hook's untyped state make page.evaluate of a closure awkward here.
import type { Page } from 'playwright-core';

export async function autosaveOnce(page: Page, n: number, atRest = false): Promise<number | null> {
  return (await page.evaluate(`(async (n, atRest) => {
    const d = window.__diaGioi;
    await new Promise((r) => { const ok = () => d.workspace.saveStatus.get()?.kind === 'saved'; if (ok()) r(); else { const u = d.workspace.saveStatus.subscribe(() => { if (ok()) { u(); r(); } }); } });
    if (atRest) {
      // The checks of the last edit finished (their error count is written as its own save).
      await new Promise((r) => { const e = d.editor; const ok = () => e.checkState.get().status === 'ready' && e.checked === e.coverage.get(); if (ok()) r(); else { const t = setInterval(() => { if (ok()) { clearInterval(t); r(); } }, 20); } });
      await d.workspace.settle();
      // Past the batching window of the last write (settle may have written nothing).
      await new Promise((r) => setTimeout(r, 200));
    }
    const c = d.editor.coverage.get();
    let arc = (n * 37) % c.arcs.length;
    while (c.arcs[arc].length < 3) arc = (arc + 1) % c.arcs.length;
    const p = c.arcs[arc][1];
    d.editor.activeVertex.set({ arc, index: 1 });
    const t0 = performance.now();
    const wall = Date.now();
    if (!d.editor.moveActiveVertex([p[0] + 1e-6, p[1] + 1e-6])) return null;
    return new Promise((resolve) => {
      const u = d.workspace.saveStatus.subscribe(() => {
        const st = d.workspace.saveStatus.get();
        if (st?.kind === 'saved' && (st.at ?? 0) >= wall) { u(); resolve(performance.now() - t0); }
      });
    });
  })(${n}, ${atRest})`)) as number | null;
}
