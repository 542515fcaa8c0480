import { describe, expect, it } from 'vitest';
import { findingLevel, floorLabel, isOver, legendOf, shareText, swatchOf, tileWidth } from './space-colors';

const room = { category: 'office', status: 'idle', findingKinds: [] as string[] };

describe('space colours', () => {
  it('colours by category, status and findings', () => {
    expect(swatchOf(room, 'category').key).toBe('office');
    expect(swatchOf(room, 'status').key).toBe('idle');
    expect(swatchOf(room, 'finding').key).toBe('ok');
    expect(swatchOf({ ...room, findingKinds: ['estate.use-mismatch'] }, 'finding').key).toBe('other');
    expect(swatchOf({ ...room, findingKinds: ['estate.use-mismatch', 'estate.rest-room'] }, 'finding').key).toBe('severe');
    expect(swatchOf({ ...room, category: 'nonsense' }, 'category').key).toBe('unknown');
  });

  it('ranks findings: over-standard and rest room are severe', () => {
    expect(findingLevel(['estate.over-standard'])).toBe('severe');
    expect(findingLevel(['estate.vacate-overdue'])).toBe('other');
    expect(findingLevel([])).toBe('ok');
  });

  it('has a legend entry for every key it colours', () => {
    expect(legendOf('category').map((s) => s.label)).toEqual(['办公室用房', '服务用房', '设备用房', '附属用房']);
    expect(legendOf('status').map((s) => s.label)).toContain('租用');
  });

  it('sizes tiles by area within bounds', () => {
    expect(tileWidth(0)).toBe(120);
    expect(tileWidth(18)).toBe(120);
    expect(tileWidth(40)).toBe(152);
    expect(tileWidth(10_000)).toBe(260);
    expect(tileWidth(Number.NaN)).toBe(120);
  });

  it('writes per-person area against the standard', () => {
    expect(shareText(16, 18)).toBe('16.00 / 18 m²');
    expect(shareText(20.5, null)).toBe('20.50 m²（无标准）');
    expect(isOver(18, 18)).toBe(false);
    expect(isOver(18.01, 18)).toBe(true);
    expect(isOver(50, null)).toBe(false);
  });

  it('names floors', () => {
    expect(floorLabel(3)).toBe('3层');
    expect(floorLabel(-1)).toBe('地下1层');
  });
});
