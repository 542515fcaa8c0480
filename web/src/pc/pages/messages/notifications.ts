// Shared by the message centre and the header bell: categories, query keys, and "open a message" (mark read + go).
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { api, attempt, unwrap } from '../../../api/client';
import type { ApiResponse } from '../../../api/types';
import type { LabelMap } from '../../labels';

export type Notification = ApiResponse<'/api/notifications'>['items'][number];

export const notificationCategoryLabels = {
  todo: '待办',
  result: '结果',
  cc: '抄送',
  urge: '催办',
  reminder: '提醒',
  timeout: '超时',
  system: '系统',
} as const satisfies LabelMap;

export type NotificationCategory = keyof typeof notificationCategoryLabels;

export const notificationCategoryColors: Record<string, string> = {
  todo: 'blue',
  result: 'green',
  cc: 'cyan',
  urge: 'orange',
  reminder: 'gold',
  timeout: 'red',
  system: 'default',
};

/** Every notification query starts with this key, so one invalidation refreshes the bell and the list. */
export const NOTIFICATIONS_KEY = ['notifications'] as const;
export const UNREAD_COUNT_KEY = [...NOTIFICATIONS_KEY, 'unread-count'] as const;

/** Where a message's link leads inside the app (external or empty links are not followed). */
export function internalLink(link: string | null | undefined): string | undefined {
  if (!link) return undefined;
  if (link.startsWith('/') && !link.startsWith('//')) return link;
  try {
    const url = new URL(link, window.location.origin);
    return url.origin === window.location.origin ? url.pathname + url.search + url.hash : undefined;
  } catch {
    return undefined;
  }
}

/** Marking read and opening messages; every change refreshes the bell and the lists. */
export function useNotificationActions() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const refresh = () => queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_KEY });

  const markRead = async (ids?: number[]) => {
    const result = await attempt(() => unwrap(api.POST('/api/notifications/read', { body: ids ? { ids } : {} })));
    if (result) {
      queryClient.setQueryData(UNREAD_COUNT_KEY, { unread: result.unread });
      await refresh();
    }
    return result;
  };

  /** Marks the message read (when unread) and follows its link. */
  const open = async (n: Notification) => {
    const to = internalLink(n.link);
    if (!n.readAt) {
      if (to) void markRead([n.id]);
      else await markRead([n.id]);
    }
    if (to) navigate(to);
  };

  return { markRead, open, refresh };
}
