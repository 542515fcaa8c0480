// Labels and colours of requests and dispatches, shared by the fleet dispatch pages and the driver's phone page.
import dayjs, { type Dayjs } from 'dayjs';

export const requestStatusEnum = {
  pending: { text: '审批中', status: 'Processing' },
  approved: { text: '待派车', status: 'Warning' },
  dispatched: { text: '已派车', status: 'Processing' },
  completed: { text: '已完成', status: 'Success' },
  rejected: { text: '未通过', status: 'Error' },
  cancelled: { text: '已取消', status: 'Default' },
  no_show: { text: '未按时用车', status: 'Error' },
} as const;

/** Bar colours on the board, by dispatch status. */
export const DISPATCH_COLORS: Record<string, string> = {
  assigned: '#1677ff',
  started: '#fa8c16',
  finished: '#52c41a',
  no_show: '#bfbfbf',
  cancelled: '#d9d9d9',
};

export const DISPATCH_TAG: Record<string, string> = { assigned: 'blue', started: 'orange', finished: 'green', no_show: 'default', cancelled: 'default' };

/** "11-26 09:00 – 11:30" (the end's date only when it differs). */
export function windowText(from: string, to: string): string {
  const a = dayjs(from);
  const b = dayjs(to);
  return `${a.format('MM-DD HH:mm')} – ${b.isSame(a, 'day') ? b.format('HH:mm') : b.format('MM-DD HH:mm')}`;
}

export const FIRST_HOUR = 6;
export const LAST_HOUR = 22;
const SPAN_MIN = (LAST_HOUR - FIRST_HOUR) * 60;

/** Left and width (in %) of a bar clipped to the day's 6–22 window; null when outside it. */
export function barPlacement(day: string, startsAt: string, endsAt: string): { left: number; width: number } | null {
  const origin = dayjs(`${day}T${String(FIRST_HOUR).padStart(2, '0')}:00:00`);
  const a = Math.max(0, dayjs(startsAt).diff(origin, 'minute'));
  const b = Math.min(SPAN_MIN, dayjs(endsAt).diff(origin, 'minute'));
  if (b <= 0 || a >= SPAN_MIN || b <= a) return null;
  return { left: (a / SPAN_MIN) * 100, width: ((b - a) / SPAN_MIN) * 100 };
}

/** The window's rule as a message, or undefined when it holds. */
export function windowProblem(w: [Dayjs | null, Dayjs | null] | undefined, now: Dayjs = dayjs()): string | undefined {
  if (!w?.[0] || !w[1]) return '请选择用车时间';
  if (!w[0].isAfter(now)) return '先申请、后用车：开始时间须晚于当前时间';
  if (!w[1].isAfter(w[0])) return '结束时间须晚于开始时间';
  if (w[1].diff(w[0], 'hour', true) > 24 * 7) return '单次用车不超过 7 天';
  return undefined;
}
