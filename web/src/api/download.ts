// Excel exports: GET <list path>/export?<same filters>, saved through a blob so errors can be shown in Chinese.
import dayjs from 'dayjs';
import { readErrorBody, reportFailure } from './client';
import { toApiError } from './errors';
import { toQueryString } from './query-string';
import type { ExportPath } from './types';

/** File name from Content-Disposition (RFC 6266 / 5987), or undefined. */
export function fileNameFromDisposition(header: string | null): string | undefined {
  if (!header) return undefined;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''));
    } catch {
      // fall through to the plain form
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(header);
  return plain?.[1]?.trim() || undefined;
}

function saveBlob(blob: Blob, fileName: string): void {
  const href = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = href;
  link.download = fileName;
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

/** Downloads an export; resolves to false when the server refused (the reason has been shown). */
export async function downloadExport(
  path: ExportPath,
  query: Readonly<Record<string, unknown>>,
  fallbackName: string,
): Promise<boolean> {
  let response: Response;
  try {
    response = await fetch(path + toQueryString(query), {
      credentials: 'same-origin',
      headers: { accept: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet, application/json' },
    });
  } catch {
    reportFailure(toApiError(0, { code: 'NETWORK', message: '网络连接失败，请检查网络后重试' }), {
      method: 'GET',
      path,
      lookup: true,
    });
    return false;
  }
  if (!response.ok) {
    reportFailure(toApiError(response.status, await readErrorBody(response)), { method: 'GET', path, lookup: true });
    return false;
  }
  const name =
    fileNameFromDisposition(response.headers.get('content-disposition')) ??
    `${fallbackName}-${dayjs().format('YYYYMMDDHHmmss')}.xlsx`;
  saveBlob(await response.blob(), name);
  return true;
}

/** Downloads an approval attachment; resolves to false when the server refused (the reason has been shown). */
export async function downloadAttachment(instanceId: number, fileId: string, fallbackName: string): Promise<boolean> {
  const path = '/api/workflow/instances/{id}/files/{fileId}';
  const url = `/api/workflow/instances/${instanceId}/files/${encodeURIComponent(fileId)}`;
  let response: Response;
  try {
    response = await fetch(url, { credentials: 'same-origin' });
  } catch {
    reportFailure(toApiError(0, { code: 'NETWORK', message: '网络连接失败，请检查网络后重试' }), { method: 'GET', path, lookup: true });
    return false;
  }
  if (!response.ok) {
    reportFailure(toApiError(response.status, await readErrorBody(response)), { method: 'GET', path, lookup: true });
    return false;
  }
  saveBlob(await response.blob(), fileNameFromDisposition(response.headers.get('content-disposition')) ?? fallbackName);
  return true;
}
