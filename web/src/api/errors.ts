// The server's one error shape: {code, message (Chinese), details?: [{field, message}]}.

export interface ApiErrorDetail {
  field: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: ApiErrorDetail[];

  constructor(status: number, code: string, message: string, details: ApiErrorDetail[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

function fallbackMessage(status: number): string {
  if (status === 401) return '登录已失效，请重新登录';
  if (status === 403) return '没有权限执行此操作';
  if (status === 404) return '数据不存在或无权访问';
  if (status === 409) return '数据已被修改或存在冲突，请刷新后重试';
  if (status === 413) return '提交的数据过大';
  if (status === 429) return '操作过于频繁，请稍后再试';
  if (status >= 500) return '服务器出现错误，请稍后重试';
  return `请求失败（${status}）`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Builds an ApiError from whatever the server answered (JSON body, text or nothing). */
export function toApiError(status: number, body: unknown): ApiError {
  if (isRecord(body)) {
    const code = typeof body.code === 'string' ? body.code : `HTTP_${status}`;
    const message = typeof body.message === 'string' && body.message ? body.message : fallbackMessage(status);
    const details = Array.isArray(body.details)
      ? body.details.flatMap((d): ApiErrorDetail[] =>
          isRecord(d) && typeof d.field === 'string' && typeof d.message === 'string'
            ? [{ field: d.field, message: d.message }]
            : [],
        )
      : [];
    return new ApiError(status, code, message, details);
  }
  return new ApiError(status, `HTTP_${status}`, fallbackMessage(status));
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** A detail's field as the form knows it: "/body/idNo", "body.idNo" and "idNo" all become "idNo". */
export function detailFieldName(field: string): string {
  const parts = field.split(/[/.]/).filter((p) => p && p !== 'body' && p !== 'query' && p !== 'params');
  return parts[parts.length - 1] ?? field;
}

/** Codes that a 401 can carry without meaning "your session is gone". */
const CREDENTIAL_CODES = new Set([
  'AUTH_INVALID_CREDENTIALS',
  'AUTH_TOTP_REQUIRED',
  'AUTH_TOTP_INVALID',
  'AUTH_LOCKED',
  'AUTH_DISABLED',
]);

export type FailureReaction = 'login' | 'forbidden-page' | 'toast' | 'none';

/**
 * What the UI does with a failed response:
 * 401 (session missing/expired) → login page; 403 on a page's own GET → 403 page; anything else → a toast with the
 * server's Chinese message. `silent` requests leave errors to the caller (except the login redirect);
 * `lookup` requests (option lists, exports) toast a 403 instead of leaving the page.
 */
export function reactionTo(
  error: ApiError,
  request: { method: string; path: string; silent?: boolean; lookup?: boolean },
): FailureReaction {
  const isAuthEndpoint = request.path.startsWith('/api/auth/');
  if (error.status === 401 && !isAuthEndpoint && !CREDENTIAL_CODES.has(error.code)) return 'login';
  if (request.silent) return 'none';
  if (error.status === 403 && request.method === 'GET' && !request.lookup) return 'forbidden-page';
  return 'toast';
}
