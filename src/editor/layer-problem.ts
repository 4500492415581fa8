// Why a layer shows nothing (issue 12, "a failing tile layer never blocks the editor"): the map reports
// its tiles' failures, the library its files'. Codes and numbers; the panel turns them into words.

/** Why a tile of a layer failed: the server's answer, no answer in time, or anything else (its words). */
export type TileFailure =
  | { readonly kind: 'http'; readonly status: number }
  | { readonly kind: 'timeout'; readonly seconds: number }
  | { readonly kind: 'failed'; readonly detail: string };

export type LayerProblem =
  | { readonly kind: 'tiles'; readonly failure: TileFailure }
  /** A local layer whose file is not on this device (a workspace restored elsewhere). */
  | { readonly kind: 'file-missing' }
  | { readonly kind: 'file-unreadable'; readonly detail: string };

/**
 * A layer file the device did not keep: which file, its size, whether the browser said it was for lack of
 * space, and the space it said was left (null when it did not say, or said there was room and then
 * refused the write anyway). Chromium names a full disk in a file write variously (QuotaExceededError,
 * or NotReadableError when the file it copies from cannot be spooled to the full disk).
 */
export class LayerFileNotKeptError extends Error {
  override readonly name = 'LayerFileNotKeptError';
  constructor(
    readonly fileName: string,
    readonly bytes: number,
    readonly noSpace: boolean,
    readonly spaceLeft: number | null,
    override readonly cause?: unknown,
  ) {
    super(
      `${fileName} (${bytes} bytes) was not kept on this device${noSpace ? ': it does not fit in the space left' : ''}` +
        `${spaceLeft !== null ? ` (${spaceLeft} bytes)` : ''}${cause instanceof Error ? `: ${cause.message}` : ''}`,
    );
  }

  /** The browser's own words, for the detail of the message. */
  get detail(): string {
    let c: unknown = this.cause;
    while (c instanceof Error && c.cause instanceof Error) c = c.cause;
    return c instanceof Error ? `${c.name}: ${c.message}` : String(c ?? '');
  }
}

export function sameProblem(a: LayerProblem | undefined, b: LayerProblem): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
