// The Cache Storage entry that keeps the national province files (data/provinces/*.bin) for offline
// use. They are not precached with the build (about 20 MB in all): the page stores each one it loads,
// and the service worker answers from here. Not under the build caches' prefix, so no build prunes it.
export const PROVINCES_CACHE = 'provinces-1';

/** True for a province file's path (the page asks for it with its hash in the query). */
export function isProvinceFile(pathname: string): boolean {
  return /\/data\/provinces\/[^/]+\.bin$/.test(pathname);
}
