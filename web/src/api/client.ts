// The typed API client: openapi-fetch over the generated `paths`, same-origin cookies, CSRF header on writes,
// and one place that turns failures into a toast, the login page or the 403 page.
import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';
import { ApiError, reactionTo, toApiError } from './errors';
import { notifyError } from './notify';
import { getCsrfToken, loginPathFor, navigateTo } from './session';

/**
 * Per-request flags, passed as extra init keys: `api.POST(path, { body, silent: true })`.
 * openapi-fetch copies unknown init keys onto the Request, where the middleware reads them.
 * - silent: the caller shows the error itself (no toast, no 403 page; an expired session still goes to login)
 * - lookup: a secondary GET (option lists, trees in forms): a 403 is a toast, not the 403 page
 */
export interface RequestFlags {
  silent?: boolean;
  lookup?: boolean;
}

type FlaggedRequest = Request & RequestFlags;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export async function readErrorBody(response: Response): Promise<unknown> {
  try {
    const text = await response.text();
    if (!text) return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  } catch {
    return undefined;
  }
}

/** Reacts to a failed response (also used by downloads, which do not go through openapi-fetch). */
export function reportFailure(
  error: ApiError,
  request: { method: string; path: string } & RequestFlags,
): void {
  switch (reactionTo(error, request)) {
    case 'login': {
      const here = window.location.pathname + window.location.search;
      if (window.location.pathname !== '/login') {
        if (getCsrfToken()) notifyError('登录已超时，请重新登录', 'session-expired');
        navigateTo(loginPathFor(here), { replace: true });
      }
      break;
    }
    case 'forbidden-page':
      navigateTo('/403', { replace: true });
      break;
    case 'toast':
      notifyError(error.message, `${error.code}:${error.message}`);
      break;
    case 'none':
      break;
  }
}

export const sessionMiddleware: Middleware = {
  onRequest({ request }) {
    if (!SAFE_METHODS.has(request.method)) {
      const token = getCsrfToken();
      if (token) request.headers.set('x-csrf-token', token);
    }
    return undefined;
  },
  async onResponse({ request, response, schemaPath }) {
    if (response.ok) return undefined;
    const flagged = request as FlaggedRequest;
    const error = toApiError(response.status, await readErrorBody(response.clone()));
    reportFailure(error, { method: request.method, path: schemaPath, silent: flagged.silent, lookup: flagged.lookup });
    return undefined;
  },
  onError({ request, error }) {
    const aborted = error instanceof DOMException && error.name === 'AbortError';
    if (!aborted && !(request as FlaggedRequest).silent) notifyError('网络连接失败，请检查网络后重试', 'network');
    return undefined;
  },
};

export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(sessionMiddleware);

interface FetchResult<D> {
  data?: D;
  error?: unknown;
  response: Response;
}

/** The data of a successful call; throws ApiError otherwise (already reported to the user unless `silent`). */
export async function unwrap<D>(call: Promise<FetchResult<D>>): Promise<Exclude<D, undefined>> {
  const { data, error, response } = await call;
  if (!response.ok) throw toApiError(response.status, error);
  return data as Exclude<D, undefined>;
}

/**
 * Runs a user action whose failure the middleware has already shown; resolves to undefined on an ApiError so
 * that buttons and confirms can simply await it.
 */
export async function attempt<T>(action: () => Promise<T>): Promise<T | undefined> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof ApiError) return undefined;
    throw error;
  }
}
