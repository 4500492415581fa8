// The hub port over HTTP, to the hub that served this page (same origin: the session cookie is
// SameSite=Strict and HTTP-only, and mutating requests carry the CSRF token the login gave).
import type { Feature, FeatureCollection, LineString } from 'geojson';
import { HubRefused, HubUnreachable, type HubAccount, type HubAgreement, type HubBorder, type HubDashboard, type HubOp, type HubOpResult, type HubPort, type HubProposal, type HubPull, type HubSubmission } from '../editor/hub-port';

type BorderProps = { id: number; unitA: string; unitB: string | null; otherUnits?: string[]; revision: number };

function toBorders(fc: FeatureCollection<LineString, BorderProps>): HubBorder[] {
  return fc.features.map((f: Feature<LineString, BorderProps>) => ({ id: f.properties.id, unitA: f.properties.unitA, unitB: f.properties.unitB, otherUnits: f.properties.otherUnits ?? [], revision: f.properties.revision, geometry: f.geometry }));
}

export class HttpHub implements HubPort {
  constructor(private readonly base = '') {}

  private async request<T>(method: 'GET' | 'POST', path: string, opts: { body?: unknown; csrf?: string } = {}): Promise<{ status: number; json: T; headers: Headers }> {
    let res: Response;
    try {
      res = await fetch(this.base + path, {
        method,
        credentials: 'same-origin',
        cache: 'no-store',
        headers: {
          accept: 'application/json',
          ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(opts.csrf ? { 'x-csrf-token': opts.csrf } : {}),
        },
        ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
      });
    } catch (e) {
      throw new HubUnreachable(`${method} ${path}: ${e instanceof Error ? e.message : String(e)}`);
    }
    // A page served without a hub answers /api with the app's own index.html (or a 404 page).
    const type = res.headers.get('content-type') ?? '';
    if (!/json/.test(type)) {
      if (res.status >= 500 || res.status === 0) throw new HubUnreachable(`${method} ${path}: the hub answered ${res.status}`);
      throw new HubRefused(404, `${method} ${path}: no hub here (${res.status}, ${type || 'no content type'})`);
    }
    let json: T;
    try {
      json = (await res.json()) as T;
    } catch (e) {
      // The body was cut off (a dropped connection): try again later.
      throw new HubUnreachable(`${method} ${path}: the answer was cut off (${e instanceof Error ? e.message : String(e)})`);
    }
    if (res.status >= 500) throw new HubUnreachable(`${method} ${path}: the hub answered ${res.status}: ${(json as { message?: string }).message ?? ''}`);
    if (res.status >= 400) throw new HubRefused(res.status, (json as { message?: string }).message ?? `${method} ${path}: ${res.status}`);
    return { status: res.status, json, headers: res.headers };
  }

  async me(): Promise<HubAccount | null> {
    try {
      return (await this.request<{ account: HubAccount }>('GET', '/api/me')).json.account;
    } catch (e) {
      if (e instanceof HubRefused && e.status === 401) return null;
      throw e;
    }
  }

  async login(login: string, password: string) {
    return (await this.request<{ account: HubAccount; csrfToken: string }>('POST', '/api/login', { body: { login, password } })).json;
  }

  async logout(csrfToken: string): Promise<void> {
    try {
      await this.request('POST', '/api/logout', { csrf: csrfToken, body: {} });
    } catch (e) {
      // A session that already ended is what logging out wants.
      if (!(e instanceof HubRefused && e.status === 401)) throw e;
    }
  }

  async borders(province: string) {
    const { json, headers } = await this.request<FeatureCollection<LineString, BorderProps>>('GET', `/api/provinces/${encodeURIComponent(province)}/borders`);
    return { revision: Number(headers.get('x-hub-revision')), borders: toBorders(json) };
  }

  async push(ops: readonly HubOp[], csrfToken: string): Promise<HubOpResult[]> {
    return (await this.request<{ results: HubOpResult[] }>('POST', '/api/sync/push', { body: { ops }, csrf: csrfToken })).json.results;
  }

  async pull(province: string, since: string, revision: number): Promise<HubPull> {
    const q = new URLSearchParams({ province, since, revision: String(revision) });
    const { json } = await this.request<Omit<HubPull, 'borders'> & { borders?: FeatureCollection<LineString, BorderProps>; proposals: HubProposal[] }>('GET', `/api/sync/pull?${q}`);
    const { borders, ...rest } = json;
    return { ...rest, ...(borders ? { borders: toBorders(borders) } : {}) };
  }

  async dashboard(province: string): Promise<HubDashboard> {
    return (await this.request<HubDashboard>('GET', `/api/provinces/${encodeURIComponent(province)}/dashboard`)).json;
  }

  async submissions(province: string, status?: HubSubmission['status']): Promise<HubSubmission[]> {
    const q = status ? `?status=${status}` : '';
    return (await this.request<{ submissions: HubSubmission[] }>('GET', `/api/provinces/${encodeURIComponent(province)}/submissions${q}`)).json.submissions;
  }

  async submit(unit: string, revision: number, note: string | null, csrfToken: string): Promise<void> {
    await this.request('POST', `/api/units/${encodeURIComponent(unit)}/submissions`, { body: { revision, ...(note ? { note } : {}) }, csrf: csrfToken });
  }

  async review(submissionId: number, decision: 'accept' | 'return', reason: string | null, csrfToken: string): Promise<void> {
    await this.request('POST', `/api/submissions/${submissionId}/review`, { body: { decision, ...(reason ? { reason } : {}) }, csrf: csrfToken });
  }

  async agreement(borderId: number): Promise<HubAgreement> {
    return (await this.request<{ agreement: HubAgreement }>('GET', `/api/borders/${borderId}/agreement`)).json.agreement;
  }
}
