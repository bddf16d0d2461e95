/** RFC 7807 problem details as the Cohortly API sends them. */
export interface ProblemDetails {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: Record<string, string[] | string>;
  [extension: string]: unknown;
}

/** A failed API call: an HTTP error answer (with its problem details) or no answer at all (status 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: ProblemDetails;
  /** Seconds to wait, from a Retry-After header (429/503), when present. */
  readonly retryAfterSeconds: number | null;

  constructor(status: number, problem: ProblemDetails, retryAfterSeconds: number | null = null) {
    super(problem.detail || problem.title || `Request failed (${status})`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  get isNetworkError(): boolean {
    return this.status === 0;
  }

  /** Field errors keyed by lower-cased field name ("Email", "email" and "$.email" all become "email"). */
  get fieldErrors(): Record<string, string[]> {
    const result: Record<string, string[]> = {};
    for (const [key, value] of Object.entries(this.problem.errors ?? {})) {
      const name = normalizeField(key);
      const messages = Array.isArray(value) ? value : [String(value)];
      (result[name] ??= []).push(...messages.filter((m) => typeof m === 'string' && m.length > 0));
    }
    return result;
  }
}

export function normalizeField(key: string): string {
  const trimmed = key.replace(/^\$\./, '').replace(/^(request|body|command)\./i, '');
  return trimmed.toLowerCase();
}

export const networkProblem: ProblemDetails = {
  title: 'Cohortly could not be reached',
  detail: 'Check your connection and try again.',
};

/** Parses a Retry-After header: delta-seconds or an HTTP date. */
export function parseRetryAfter(header: string | null): number | null {
  if (!header) return null;
  const seconds = Number(header.trim());
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const date = Date.parse(header);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** "in 45 seconds", "in 2 minutes": for throttling messages. */
export function describeWait(seconds: number): string {
  if (seconds <= 1) return 'in a moment';
  if (seconds < 90) return `in ${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return `in ${minutes} minutes`;
}

/**
 * Splits an error into messages for the form's fields (by field name) and one message for the form.
 * Field errors whose field has no input on the form are added to the form message.
 */
export function describeError(error: unknown, fields: readonly string[]): { fields: Record<string, string[]>; message: string | null } {
  if (!(error instanceof ApiError)) {
    return { fields: {}, message: error instanceof Error ? error.message : 'Something went wrong. Please try again.' };
  }
  const known = new Set(fields.map((f) => f.toLowerCase()));
  const byField: Record<string, string[]> = {};
  const leftovers: string[] = [];
  for (const [name, messages] of Object.entries(error.fieldErrors)) {
    if (known.has(name)) byField[name] = messages;
    else leftovers.push(...messages);
  }
  if (error.status === 429) {
    const wait = error.retryAfterSeconds;
    const message = wait != null ? `Too many attempts. Please try again ${describeWait(wait)}.` : 'Too many attempts. Please wait a little and try again.';
    return { fields: byField, message };
  }
  const hasFieldErrors = Object.keys(byField).length > 0;
  let message: string | null = leftovers.length > 0 ? leftovers.join(' ') : null;
  if (!message && !hasFieldErrors) message = error.problem.detail || error.problem.title || defaultMessage(error.status);
  return { fields: byField, message };
}

function defaultMessage(status: number): string {
  if (status === 0) return `${networkProblem.title}. ${networkProblem.detail}`;
  if (status === 401) return 'Please log in again.';
  if (status === 403) return 'You do not have permission to do that.';
  if (status === 404) return 'Not found.';
  if (status >= 500) return 'The server had a problem. Please try again in a moment.';
  return `The request failed (${status}).`;
}

/** One line for a toast. */
export function errorMessage(error: unknown): string {
  const { fields, message } = describeError(error, []);
  return message ?? Object.values(fields).flat().join(' ');
}
