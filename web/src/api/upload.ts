// Attachment uploads: POST /api/files as multipart (field `file`), with the CSRF header; errors shown in Chinese.
import { readErrorBody, reportFailure } from './client';
import { ApiError, toApiError } from './errors';
import { getCsrfToken } from './session';
import type { ApiResponse } from './types';

export type UploadedFile = ApiResponse<'/api/files', 'post'>;

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/** Extensions the server accepts (it also checks the content). */
export const UPLOAD_EXTENSIONS = ['pdf', 'ofd', 'doc', 'docx', 'xls', 'xlsx', 'jpg', 'jpeg', 'png', 'zip', 'txt'] as const;

/** The `accept` attribute of file inputs. */
export const UPLOAD_ACCEPT = UPLOAD_EXTENSIONS.map((e) => `.${e}`).join(',');

/** Why a file cannot be uploaded, checked before sending; undefined when it may go. */
export function uploadProblem(file: { name: string; size: number }): string | undefined {
  const ext = /\.([^.]+)$/.exec(file.name)?.[1]?.toLowerCase();
  if (!ext || !(UPLOAD_EXTENSIONS as readonly string[]).includes(ext)) {
    return `“${file.name}”的类型不支持，只能上传 PDF、OFD、Word、Excel、JPG、PNG、ZIP 或 TXT 文件`;
  }
  if (file.size > MAX_UPLOAD_BYTES) return `“${file.name}”超过 10 MB，不能上传`;
  if (file.size === 0) return `“${file.name}”是空文件`;
  return undefined;
}

/** Uploads one file; throws ApiError (already shown to the user) when the server refuses. */
export async function uploadFile(file: File, signal?: AbortSignal): Promise<UploadedFile> {
  const body = new FormData();
  body.append('file', file, file.name);
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = getCsrfToken();
  if (token) headers['x-csrf-token'] = token;
  let response: Response;
  try {
    response = await fetch('/api/files', { method: 'POST', body, headers, credentials: 'same-origin', signal });
  } catch (cause) {
    const error = toApiError(0, { code: 'NETWORK', message: '网络连接失败，附件未能上传' });
    if (!(cause instanceof DOMException && cause.name === 'AbortError')) {
      reportFailure(error, { method: 'POST', path: '/api/files' });
    }
    throw error;
  }
  if (!response.ok) {
    const error = toApiError(response.status, await readErrorBody(response));
    reportFailure(error, { method: 'POST', path: '/api/files' });
    throw error;
  }
  const data = (await response.json()) as UploadedFile;
  if (typeof data.id !== 'string') throw new ApiError(500, 'BAD_RESPONSE', '上传结果无法识别');
  return data;
}
