// Phone and PC views of the same pages: which is which, and the redirect of phone-sized screens to the /m pages.
import { redirect, type LoaderFunctionArgs } from 'react-router-dom';

/** Screens this narrow get the phone pages. */
export const PHONE_MAX_WIDTH = 480;

const PREFER_PC_KEY = 'steward.prefer-pc';

export function isPhoneScreen(): boolean {
  return typeof window !== 'undefined' && typeof window.matchMedia === 'function' && window.matchMedia(`(max-width: ${PHONE_MAX_WIDTH}px)`).matches;
}

/** The user chose the PC view on a phone (电脑版): no redirect for the rest of this browser session. */
export function setPreferPc(prefer: boolean): void {
  try {
    if (prefer) window.sessionStorage.setItem(PREFER_PC_KEY, '1');
    else window.sessionStorage.removeItem(PREFER_PC_KEY);
  } catch {
    // storage unavailable (private mode): the redirect simply stays on
  }
}

export function prefersPc(): boolean {
  try {
    return window.sessionStorage.getItem(PREFER_PC_KEY) === '1';
  } catch {
    return false;
  }
}

const INBOX_TABS = new Set(['pending', 'done', 'mine', 'cc']);

/** The phone page showing the same thing as a PC page, or undefined when there is none. */
export function mobileEquivalent(pathname: string, search = ''): string | undefined {
  const path = pathname.replace(/\/+$/, '');
  if (path === '/workflow/inbox') {
    const tab = new URLSearchParams(search).get('tab');
    return tab && tab !== 'pending' && INBOX_TABS.has(tab) ? `/m/workflow?tab=${tab}` : '/m/workflow';
  }
  const detail = /^\/workflow\/instances\/(\d+)$/.exec(path);
  if (detail) return `/m/workflow/instances/${detail[1]}`;
  return undefined;
}

/** The PC page showing the same thing as a phone page. */
export function pcEquivalent(pathname: string, search = ''): string {
  const path = pathname.replace(/\/+$/, '');
  const detail = /^\/m\/workflow\/instances\/(\d+)$/.exec(path);
  if (detail) return `/workflow/instances/${detail[1]}`;
  if (path === '/m/workflow') {
    const tab = new URLSearchParams(search).get('tab');
    return tab && tab !== 'pending' && INBOX_TABS.has(tab) ? `/workflow/inbox?tab=${tab}` : '/workflow/inbox';
  }
  return '/';
}

/** Route loader of PC pages that have a phone version: a phone-sized screen goes there (unless it chose 电脑版). */
export function phoneRedirectLoader({ request }: LoaderFunctionArgs): Response | null {
  if (!isPhoneScreen() || prefersPc()) return null;
  const url = new URL(request.url);
  const target = mobileEquivalent(url.pathname, url.search);
  return target ? redirect(target) : null;
}
