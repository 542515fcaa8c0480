import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { type SimStats, simulateTerminals } from '../server/src/gateways/jt808/jt808.simulator.js';
import { api, freePort, login, shot, useStewardInBrowser } from './server.js';

interface Live {
  count: number;
  ids: number[];
  plates: string[];
  states: string[];
  lat: (number | null)[];
  lon: (number | null)[];
  counts: Record<string, number>;
}
interface VehiclePage {
  items: { id: number; plate: string; terminalPhone: string | null }[];
}
interface Warnings {
  total: number;
  items: { id: number; kind: string; title: string; link: string | null; subjectKey: string }[];
}

const H = 3_600_000;
/** The last Monday–Friday before today (Beijing), as YYYY-MM-DD: the simulator's working days, whose evenings are off hours. */
function lastWeekday(): string {
  for (let d = 1; d < 8; d++) {
    const t = new Date(Date.now() + 8 * H - d * 24 * H);
    const wd = t.getUTCDay();
    if (wd >= 1 && wd <= 5) return t.toISOString().slice(0, 10);
  }
  throw new Error('unreachable');
}

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

const positions = (l: Live) => new Map(l.plates.map((p, i) => [p, l.lat[i] === null ? null : `${l.lat[i]},${l.lon[i]}`]));

/**
 * Vehicle telematics end to end: Steward with its JT/T 808 gateway on a free port; the simulator drives 50 of the
 * demo cars over real TCP through a working day's evening (18:40–23:30 Beijing of the last weekday, 120 simulated
 * seconds per second, every car with an evening trip). The live map shows them moving, an off-hours trip raises an
 * alert that 报警中心 lists, and the track playback of that car plays.
 */
describe('telematics: simulator → gateway → live map, alerts, playback', () => {
  let jt808Port = 0;
  const t = useStewardInBrowser(async () => {
    jt808Port = await freePort();
    return { STEWARD_JT808_PORT: String(jt808Port) };
  });

  it('drives 50 cars; the live map moves, an off-hours trip raises an alert, playback plays', { timeout: 420_000 }, async () => {
    const pcOpts = { viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', baseURL: t.server.url };
    const page: Page = await t.browser.newPage(pcOpts);
    await login(page, t.server.url, 'province');

    // 50 demo cars with a terminal bound in the archive
    const cars = (await api<VehiclePage>(page, 'GET', '/api/fleet/vehicles?terminal=bound&pageSize=50&sort=id')).items;
    expect(cars.length).toBe(50);
    const day = lastWeekday();
    const abort = new AbortController();
    let stats: SimStats | undefined;
    const run = simulateTerminals({
      port: jt808Port,
      terminals: cars.map((c) => ({ phone: c.terminalPhone!, plate: c.plate })),
      startAt: new Date(`${day}T18:40:00+08:00`),
      endAt: new Date(`${day}T23:30:00+08:00`),
      timeScale: 120,
      offHoursShare: 1,
      backfillShare: 0,
      parallelShare: 0.1,
      seed: 6,
      signal: abort.signal,
      onStats: (s) => (stats = s),
    });
    try {
      await waitFor('50 terminals authenticated', 60_000, async () => (stats && stats.authenticated >= 50 ? true : undefined));
      expect(stats!.registerFailed + stats!.authFailed).toBe(0);

      // every simulated car is on the map with a position
      const plates = new Set(cars.map((c) => c.plate));
      const first = await waitFor('positions of the 50 cars', 60_000, async () => {
        const l = await api<Live>(page, 'GET', '/api/telematics/live');
        const placed = l.plates.filter((p, i) => plates.has(p) && l.lat[i] !== null).length;
        return placed === 50 ? l : undefined;
      });
      await page.goto('/fleet/live');
      await page.getByRole('img', { name: '车辆实时位置图' }).waitFor();
      await page.waitForTimeout(1500);
      await shot(page, 'e2e-telematics-live-1');

      // they move: positions change between two reads a few seconds apart, some cars show as 行驶中
      const moved = await waitFor('cars moving', 120_000, async () => {
        const l = await api<Live>(page, 'GET', '/api/telematics/live');
        const before = positions(first);
        const changed = [...positions(l)].filter(([p, pos]) => plates.has(p) && pos !== null && pos !== before.get(p)).length;
        return changed >= 10 && (l.counts.moving ?? 0) > 0 ? { l, changed } : undefined;
      });
      expect(moved.changed).toBeGreaterThanOrEqual(10);
      await page.waitForTimeout(5500); // one refresh of the page
      await shot(page, 'e2e-telematics-live-2');
      const movingCard = await page.getByTestId('count-moving').innerText();
      expect(Number(/(\d+)\s*辆/.exec(movingCard)?.[1] ?? 0)).toBeGreaterThan(0);

      // the car's track of that day plays back
      const trips = await waitFor('a telematics trip of a simulated car', 120_000, async () => {
        const r = await api<{ total: number; items: { vehicleId: number; plate: string }[] }>(page, 'GET', `/api/telematics/trips?from=${day}&to=${day}&pageSize=200`);
        const mine = r.items.filter((x) => plates.has(x.plate));
        return mine.length ? mine : undefined;
      });
      const vehicleId = trips[0]!.vehicleId;
      await page.goto(`/fleet/tracks?vehicle=${vehicleId}&day=${day}`);
      const clock = page.getByTestId('playback-time');
      await clock.waitFor({ timeout: 30_000 });
      await page.getByRole('combobox', { name: '回放速度' }).click({ force: true });
      await page.getByTitle('600 倍速').click();
      const at0 = await clock.innerText();
      await page.getByRole('button', { name: /播放/ }).click();
      await page.waitForTimeout(2500);
      const at1 = await clock.innerText();
      expect(at1).not.toBe(at0);
      await shot(page, 'e2e-telematics-playback');
      await page.getByRole('button', { name: /暂停/ }).click();
      expect(await page.getByText('行程（').first().innerText()).toMatch(/行程（[1-9]/);

      // phone width: the live page stacks the car panel under the map
      const phone = await t.browser.newPage({ ...pcOpts, viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
      await login(phone, t.server.url, 'province');
      await phone.goto('/fleet/live');
      await phone.getByRole('img', { name: '车辆实时位置图' }).waitFor();
      const plate = trips[0]!.plate;
      await phone.getByPlaceholder('车牌号').fill(plate);
      await phone.getByPlaceholder('车牌号').press('Enter');
      await phone.getByText('定位到车辆').click({ force: true });
      await phone.getByTitle(new RegExp(plate)).click();
      await phone.getByTestId('car-panel').waitFor();
      await phone.getByTestId('car-panel').scrollIntoViewIfNeeded();
      await shot(phone, 'e2e-telematics-live-phone');
      const box = await phone.getByTestId('car-panel').boundingBox();
      expect(box!.width).toBeLessThanOrEqual(375);
      await phone.close();

      // an off-hours trip (an evening of a working day) raises an alert, listed in 报警中心 with a link to the track
      const alert = await waitFor('an off-hours alert', 200_000, async () => {
        const w = await api<Warnings>(page, 'GET', '/api/warnings?module=fleet&kind=fleet.off-hours&pageSize=5');
        return w.total > 0 ? w.items[0] : undefined;
      });
      expect(alert.title).toContain('非工作时间用车');
      await page.goto('/fleet/alerts');
      const row = page.getByRole('row', { name: new RegExp(alert.title.slice(0, 12).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) }).first();
      await row.waitFor({ timeout: 30_000 });
      await shot(page, 'e2e-telematics-alerts');
      await row.getByText(alert.title).click();
      await page.getByText('依据').waitFor();
      await shot(page, 'e2e-telematics-alert-detail');
      await page.locator('.ant-drawer').getByRole('link', { name: '轨迹回放' }).click();
      await page.getByTestId('playback-time').waitFor({ timeout: 30_000 });
      expect(new URL(page.url()).searchParams.get('vehicle')).toBe(/^vehicle:(\d+)/.exec(alert.subjectKey)?.[1]);
    } finally {
      abort.abort();
      await run.catch(() => undefined);
    }
    expect(stats!.acked).toBeGreaterThan(500);
    expect(stats!.offHoursTrips).toBeGreaterThan(0);
  });
});
