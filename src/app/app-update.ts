// Registers the service worker and tells the page when a new version of the app is ready. A new build's
// worker waits (see src/workers/service-worker.ts); when the user accepts, the open draft is saved first,
// then the waiting worker takes over and the page reloads into the new build.
import { Store } from '../editor/store';
import type { AppUpdate, UpdateState } from '../ui/components/UpdateBanner';

/** The parts of `navigator.serviceWorker` used here (a fake in unit tests). */
export interface WorkerContainer {
  readonly controller: WorkerLike | null;
  /** Resolves with nothing where registration is stubbed out (Playwright's `serviceWorkers: 'block'`). */
  register(url: string): Promise<RegistrationLike | undefined>;
  addEventListener(type: 'controllerchange', fn: () => void): void;
}
export interface WorkerLike {
  readonly state: string;
  postMessage(message: unknown): void;
  addEventListener(type: 'statechange', fn: () => void): void;
}
export interface RegistrationLike {
  readonly installing: WorkerLike | null;
  readonly waiting: WorkerLike | null;
  update(): Promise<unknown>;
  addEventListener(type: 'updatefound', fn: () => void): void;
}

export interface AppUpdateOptions {
  /** Saves what is pending; a rejection cancels the reload (unsaved edits are never thrown away). */
  readonly beforeReload: () => Promise<void>;
  readonly reload: () => void;
}

export class ServiceWorkerUpdate implements AppUpdate {
  readonly state = new Store<UpdateState>({ kind: 'none' });
  private registration: RegistrationLike | null = null;
  private applying = false;
  private controller: WorkerLike | null;

  constructor(
    private readonly container: WorkerContainer,
    private readonly options: AppUpdateOptions,
  ) {
    this.controller = container.controller;
    container.addEventListener('controllerchange', () => {
      const before = this.controller;
      this.controller = container.controller;
      if (this.applying) this.options.reload();
      // Another tab moved the app on: this page still runs the build it was loaded with. (From no
      // controller to one is the first visit's worker claiming the page: nothing new.)
      else if (before) this.state.set({ kind: 'ready' });
    });
  }

  /** Registers the worker and watches for a new build; resolves once registered. */
  async start(url: string): Promise<RegistrationLike | null> {
    const reg = await this.container.register(url);
    if (!reg) return null;
    this.registration = reg;
    if (reg.waiting) this.noticeWaiting();
    if (reg.installing) this.watch(reg.installing);
    reg.addEventListener('updatefound', () => {
      if (reg.installing) this.watch(reg.installing);
    });
    // The worker may now drop older builds' caches that only the tab this page replaced still needed.
    this.container.controller?.postMessage({ type: 'started' });
    return reg;
  }

  /** Looks for a new build now (the browser also does on navigations). */
  async check(): Promise<void> {
    await this.registration?.update();
  }

  async apply(): Promise<void> {
    if (this.state.get().kind === 'applying') return;
    this.state.set({ kind: 'applying' });
    try {
      await this.options.beforeReload();
    } catch (e) {
      this.state.set({ kind: 'failed', reason: e instanceof Error ? e.message : String(e) });
      return;
    }
    const waiting = this.registration?.waiting ?? null;
    if (!waiting) {
      // Another tab already activated the new build: loading the page again is all that is left.
      this.options.reload();
      return;
    }
    this.applying = true;
    // If the waiting worker is replaced (a still newer build) or fails, no controllerchange comes.
    waiting.addEventListener('statechange', () => {
      if (waiting.state === 'redundant') this.options.reload();
    });
    waiting.postMessage({ type: 'skip-waiting' });
  }

  private watch(worker: WorkerLike): void {
    worker.addEventListener('statechange', () => {
      if (worker.state === 'installed') this.noticeWaiting();
    });
  }

  private noticeWaiting(): void {
    // Without a controller this is the first visit's worker installing, not a new version.
    if (!this.container.controller || this.state.get().kind !== 'none') return;
    this.state.set({ kind: 'ready' });
  }
}
