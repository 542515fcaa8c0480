// Colours of the floor grid: a room tile is coloured by its use category, its status or its open findings,
// and each mode has a legend. Also the Chinese names the space pages show for rooms and findings.

export type ColorMode = 'category' | 'status' | 'finding';

export const colorModeLabels: Record<ColorMode, string> = { category: '按用途', status: '按状态', finding: '按超标' };

export const categoryLabels = {
  office: '办公室用房',
  service: '服务用房',
  equipment: '设备用房',
  ancillary: '附属用房',
} as const;

export const roomStatusLabels = {
  in_use: '在用',
  idle: '闲置',
  repair: '维修',
  leased_in: '租用',
  disposed: '已处置',
} as const;

/** Findings that make a room red in 按超标: the office itself is too big or hides a rest room. */
export const SEVERE_FINDINGS: readonly string[] = ['estate.over-standard', 'estate.rest-room'];

export interface Swatch {
  key: string;
  label: string;
  /** border and legend dot */
  color: string;
  /** tile background */
  background: string;
}

const swatch = (key: string, label: string, color: string, background: string): Swatch => ({ key, label, color, background });

const CATEGORY: Swatch[] = [
  swatch('office', categoryLabels.office, '#1677ff', '#e6f4ff'),
  swatch('service', categoryLabels.service, '#13a8a8', '#e6fffb'),
  swatch('equipment', categoryLabels.equipment, '#722ed1', '#f9f0ff'),
  swatch('ancillary', categoryLabels.ancillary, '#d48806', '#fffbe6'),
];

const STATUS: Swatch[] = [
  swatch('in_use', roomStatusLabels.in_use, '#389e0d', '#f6ffed'),
  swatch('idle', roomStatusLabels.idle, '#d46b08', '#fff7e6'),
  swatch('repair', roomStatusLabels.repair, '#531dab', '#f9f0ff'),
  swatch('leased_in', roomStatusLabels.leased_in, '#0958d9', '#e6f4ff'),
  swatch('disposed', roomStatusLabels.disposed, '#8c8c8c', '#f5f5f5'),
];

const FINDING: Swatch[] = [
  swatch('severe', '超标或违规休息室', '#cf1322', '#fff1f0'),
  swatch('other', '其他预警', '#d46b08', '#fff7e6'),
  swatch('ok', '无预警', '#389e0d', '#f6ffed'),
];

const UNKNOWN = swatch('unknown', '其他', '#8c8c8c', '#fafafa');

/** The legend of a colour mode, in display order. */
export function legendOf(mode: ColorMode): Swatch[] {
  return mode === 'category' ? CATEGORY : mode === 'status' ? STATUS : FINDING;
}

/** 'severe' (over standard, rest room), 'other' (any other open finding) or 'ok'. */
export function findingLevel(kinds: readonly string[]): 'severe' | 'other' | 'ok' {
  if (kinds.some((k) => SEVERE_FINDINGS.includes(k))) return 'severe';
  return kinds.length > 0 ? 'other' : 'ok';
}

export interface ColoredRoom {
  category: string;
  status: string;
  findingKinds: readonly string[];
}

/** The swatch of a room in a mode. */
export function swatchOf(room: ColoredRoom, mode: ColorMode): Swatch {
  const key = mode === 'category' ? room.category : mode === 'status' ? room.status : findingLevel(room.findingKinds);
  return legendOf(mode).find((s) => s.key === key) ?? UNKNOWN;
}

/**
 * Tile width in pixels, growing with the usable area (square root, so a 200 m² hall is not ten times an office)
 * and kept between a readable minimum and a maximum.
 */
export function tileWidth(usableArea: number, min = 120, max = 260): number {
  if (!Number.isFinite(usableArea) || usableArea <= 0) return min;
  return Math.round(Math.min(max, Math.max(min, Math.sqrt(usableArea) * 24)));
}

/** "16.00 / 18 m²" (per-person area against the cap; no cap: just the area). */
export function shareText(area: number, cap: number | null): string {
  return cap === null ? `${area.toFixed(2)} m²（无标准）` : `${area.toFixed(2)} / ${formatArea(cap)} m²`;
}

/** Areas as the forms show them: up to two decimals, without trailing zeros. */
export function formatArea(value: number | null | undefined): string {
  if (value === null || value === undefined) return '-';
  return String(Math.round(value * 100) / 100);
}

export function isOver(area: number, cap: number | null): boolean {
  return cap !== null && area > cap + 1e-9;
}

export const floorLabel = (n: number) => (n < 0 ? `地下${-n}层` : `${n}层`);
