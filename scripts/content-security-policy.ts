// The app's Content-Security-Policy, built in one place: the build writes it into index.html as a meta
// tag, the preview server also sends it as a header, and the tests read it from here.
//
// What the app needs, and nothing more: its own scripts, module workers (validation, maplibre) and
// service worker; fetches of its own data; images from itself, data: (the favicon placeholder, maplibre)
// and blob: (exports); its own stylesheet. No inline script, no eval, no plugins, no forms, no framing.
// To allow more (the basemap issue will add tile hosts the user chooses), pass them in `extra`.
import type { Plugin } from 'vite';

export interface PolicyExtras {
  /** Origins the app may fetch from (e.g. a tile server: `https://tiles.example.vn`). */
  readonly connect?: readonly string[];
  /** Origins the app may show images from (e.g. raster tiles). */
  readonly img?: readonly string[];
}

/** Where the policy is delivered: a meta tag cannot carry `frame-ancestors` (browsers ignore it there). */
export type PolicyDelivery = 'meta' | 'header';

const SOURCE = /^(?:'(?:self|none)'|[a-z][a-z0-9+.-]*:(?:\/\/[a-z0-9.*-]+(?::\d+)?)?)$/i;

function sources(base: readonly string[], extra: readonly string[] = []): string {
  for (const s of extra) {
    // Only origins and schemes: a stray ';' or keyword must not be able to widen another directive.
    if (!SOURCE.test(s)) throw new Error(`not an origin or scheme for the Content-Security-Policy: ${JSON.stringify(s)}`);
  }
  return [...new Set([...base, ...extra])].join(' ');
}

/** The policy as a list of directives, in the order they are written. */
export function policyDirectives(extra: PolicyExtras = {}, delivery: PolicyDelivery = 'meta'): [string, string][] {
  const directives: [string, string][] = [
    ['default-src', "'none'"],
    ['script-src', "'self'"],
    // Module workers (validation, maplibre's tile worker) and the service worker are files of the build.
    ['worker-src', "'self'"],
    ['connect-src', sources(["'self'"], extra.connect)],
    ['img-src', sources(["'self'", 'data:', 'blob:'], extra.img)],
    ['style-src', "'self'"],
    ['font-src', "'self'"],
    ['manifest-src', "'self'"],
    ['object-src', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'none'"],
  ];
  if (delivery === 'header') directives.push(['frame-ancestors', "'none'"]);
  return directives;
}

export function contentSecurityPolicy(extra: PolicyExtras = {}, delivery: PolicyDelivery = 'meta'): string {
  return policyDirectives(extra, delivery)
    .map(([name, value]) => `${name} ${value}`)
    .join('; ');
}

/** Writes the policy into index.html at build time, right after `<meta charset>`, before any script. */
export function contentSecurityPolicyMeta(extra: PolicyExtras = {}): Plugin {
  const policy = contentSecurityPolicy(extra, 'meta');
  return {
    name: 'dia-gioi-content-security-policy',
    // The dev server injects inline styles and a websocket client: the policy is for builds.
    apply: 'build',
    transformIndexHtml: {
      order: 'pre',
      handler(html) {
        const charset = /<meta charset="[^"]*"\s*\/?>/i.exec(html);
        if (!charset) throw new Error('index.html has no <meta charset>: the Content-Security-Policy goes right after it');
        const at = charset.index + charset[0].length;
        const meta = `\n    <meta http-equiv="Content-Security-Policy" content="${policy.replaceAll('"', '&quot;')}" />`;
        return html.slice(0, at) + meta + html.slice(at);
      },
    },
  };
}
