// Errors a route throws to answer with a status. The app's error handler turns them into JSON
// `{ error, message }` and writes every Denied one to the audit log.

/** A request the hub refuses on purpose (401, 403, 429): always audited. */
export class Denied extends Error {
  constructor(
    readonly status: 401 | 403 | 429,
    /** What was tried, for the audit log: 'login', 'session', 'csrf', 'accounts.create' ... */
    readonly action: string,
    message: string,
    /** The login name tried, when no account is known (failed logins). */
    readonly login?: string,
  ) {
    super(message);
  }
}

/** A request that cannot be done as asked (400 bad body, 404 unknown, 409 conflict). */
export class RequestError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
    /** More for the client to act on (e.g. the checker's issues behind a refusal), sent beside the message. */
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
  }
}

/** What a route answers for a refusal: its status and `{ error, message, ...details }`. */
export interface Refusal {
  status: number;
  body: { error: string; message: string } & Record<string, unknown>;
}

export function refusalAnswer(err: Denied | RequestError): Refusal {
  if (err instanceof Denied) {
    const name = err.status === 401 ? 'unauthorized' : err.status === 403 ? 'forbidden' : 'too_many_requests';
    return { status: err.status, body: { error: name, message: err.message } };
  }
  const name = err.status === 400 ? 'bad_request' : err.status === 404 ? 'not_found' : 'conflict';
  return { status: err.status, body: { error: name, message: err.message, ...err.details } };
}
