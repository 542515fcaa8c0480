import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { barPlacement, windowProblem } from './dispatch-labels';

describe('fleet board bars', () => {
  const day = '2026-11-26';
  const t = (hm: string) => dayjs(`${day}T${hm}:00`).toISOString();

  it('places a bar by the hours 6–22', () => {
    expect(barPlacement(day, t('06:00'), t('14:00'))).toEqual({ left: 0, width: 50 });
    expect(barPlacement(day, t('14:00'), t('22:00'))).toEqual({ left: 50, width: 50 });
  });

  it('clips bars that begin early or end late, and drops those outside the window', () => {
    expect(barPlacement(day, t('04:00'), t('10:00'))).toEqual({ left: 0, width: 25 });
    expect(barPlacement(day, t('20:00'), dayjs(`${day}T20:00:00`).add(8, 'hour').toISOString())).toEqual({ left: 87.5, width: 12.5 });
    expect(barPlacement(day, t('23:00'), t('23:30'))).toBeNull();
    expect(barPlacement(day, t('01:00'), t('05:00'))).toBeNull();
  });
});

describe('先申请、后用车 window check', () => {
  const now = dayjs('2026-11-26T09:00:00');
  it('wants a future start, an end after it, at most a week', () => {
    expect(windowProblem(undefined, now)).toBe('请选择用车时间');
    expect(windowProblem([now.subtract(1, 'hour'), now.add(1, 'hour')], now)).toContain('先申请、后用车');
    expect(windowProblem([now.add(2, 'hour'), now.add(1, 'hour')], now)).toBe('结束时间须晚于开始时间');
    expect(windowProblem([now.add(1, 'hour'), now.add(8, 'day')], now)).toBe('单次用车不超过 7 天');
    expect(windowProblem([now.add(1, 'hour'), now.add(3, 'hour')], now)).toBeUndefined();
  });
});
