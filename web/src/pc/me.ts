// The signed-in user (/api/me), loaded once by the layout and shared through context.
import { useQuery } from '@tanstack/react-query';
import { createContext, useContext } from 'react';
import { api, unwrap } from '../api/client';
import { setCsrfToken } from '../api/session';
import type { ApiResponse } from '../api/types';

export type Me = ApiResponse<'/api/me'>;

export const ME_QUERY_KEY = ['me'] as const;

async function fetchMe(): Promise<Me> {
  const me = await unwrap(api.GET('/api/me'));
  setCsrfToken(me.csrfToken);
  return me;
}

export function useMeQuery() {
  return useQuery({ queryKey: ME_QUERY_KEY, queryFn: fetchMe, staleTime: 60_000 });
}

export const MeContext = createContext<Me | null>(null);

/** The signed-in user; only inside the app layout. */
export function useCurrentUser(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error('useCurrentUser outside the app layout');
  return me;
}

export interface MenuNode {
  key: string;
  name: string;
  path: string;
  icon?: string | null;
  children?: MenuNode[] | null;
}

/** The first page the user can open: the first leaf of the menu tree. */
export function firstMenuPath(menus: readonly MenuNode[]): string | undefined {
  for (const menu of menus) {
    if (menu.children?.length) {
      const child = firstMenuPath(menu.children);
      if (child) return child;
    } else if (menu.path) {
      return menu.path;
    }
  }
  return undefined;
}

/**
 * Permission check for page-level buttons (新建, 导出Excel) that have no row to carry `_actions`.
 * Outside the layout (tests) everything is allowed and the server decides.
 */
export function usePermission(): (code: string) => boolean {
  const me = useContext(MeContext);
  return (code) => !me || me.permissions.includes(code);
}
