import { describe, expect, it } from 'vitest';
import { formatDuration, isJobBusy } from './job-status';

describe('job status helpers', () => {
  it('formats durations in Chinese units', () => {
    expect(formatDuration(null)).toBe('-');
    expect(formatDuration(850)).toBe('850 毫秒');
    expect(formatDuration(1000)).toBe('1 秒');
    expect(formatDuration(12_300)).toBe('12 秒');
    expect(formatDuration(2_500)).toBe('2.5 秒');
    expect(formatDuration(125_000)).toBe('2 分 5 秒');
    expect(formatDuration(600_000)).toBe('10 分钟');
    expect(formatDuration(3_900_000)).toBe('1 小时 5 分');
  });

  it('counts a job busy while running or while a queued run is due, not for a future scheduled run', () => {
    const now = Date.parse('2026-11-26T12:00:00Z');
    expect(isJobBusy({ queued: 0, running: 1, nextRunAt: null }, now)).toBe(true);
    expect(isJobBusy({ queued: 1, running: 0, nextRunAt: '2026-11-26T11:59:59Z' }, now)).toBe(true);
    expect(isJobBusy({ queued: 1, running: 0, nextRunAt: '2026-11-26T12:10:00Z' }, now)).toBe(false);
    expect(isJobBusy({ queued: 0, running: 0, nextRunAt: null }, now)).toBe(false);
  });
});
