import { describe, expect, it } from 'vitest';
import { api, login, type Me, shot, useStewardInBrowser } from './server.js';

interface Figures {
  km: number;
  utilisationUsed: number;
  runningCost: number;
}



const MIN = 60_000;
/** "YYYY-MM-DD HH:mm" in Beijing time, as the date pickers take it. */
const beijing = (ms: number) => new Date(ms + 8 * 60 * MIN).toISOString().slice(0, 16).replace('T', ' ');

/**
 * A window an hour long: soon, when that falls in the working hours the board shows (07:00–20:00 Beijing), otherwise
 * at the next 07:00; clear of the demo driver's own task (15:30–17:30 Beijing on the seed day).
 */
function window(): [number, number] {
  let start = Math.ceil((Date.now() + 15 * MIN) / (5 * MIN)) * 5 * MIN;
  const hour = Number(beijing(start).slice(11, 13));
  if (hour < 7 || hour >= 20) {
    const day = beijing(hour >= 20 ? start + 24 * 60 * MIN : start).slice(0, 10);
    start = Date.parse(`${day}T07:00:00+08:00`);
  }
  const day = beijing(start).slice(0, 10);
  const busyFrom = Date.parse(`${day}T15:00:00+08:00`);
  const busyTo = Date.parse(`${day}T17:35:00+08:00`);
  if (start < busyTo && start + 60 * MIN > busyFrom) start = busyTo + 5 * MIN;
  return [start, start + 60 * MIN];
}

/**
 * 公务用车 end to end: `staff` requests a car on the PC, the unit administrator approves in 审批中心, `fleet`
 * dispatches it from the board's waiting list (free cars and drivers for the window), and `driver` starts and
 * finishes the trip on a 375-px phone; the request then shows the trip and takes a rating.
 */
describe('official vehicles: request, approve, dispatch, drive', () => {
  const t = useStewardInBrowser();

  it('staff requests a car, the unit approves, fleet dispatches on the board, the driver finishes on the phone', async () => {
    const pcOpts = { viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', baseURL: t.server.url };
    const [from, to] = window();
    const purpose = `E2E 赴省人社厅报送材料 ${Date.now().toString(36)}`;

    // 1. staff files the request on the PC form
    const staff = await t.browser.newPage(pcOpts);
    await login(staff, t.server.url, 'staff');
    await staff.goto('/fleet/requests/new');
    await staff.getByLabel('用车事由').fill(purpose);
    const start = staff.getByPlaceholder('开始时间');
    await start.click();
    await start.fill(beijing(from));
    await start.press('Enter');
    const end = staff.getByPlaceholder('结束时间');
    await end.fill(beijing(to));
    await staff.locator('.ant-picker-dropdown:visible .ant-picker-ok button').click();
    await staff.getByLabel('乘车人数').fill('2');
    await staff.getByLabel('出发地').fill('山东省教育厅');
    await staff.getByLabel('目的地').fill('山东省人力资源和社会保障厅');
    await shot(staff, 'e2e-fleet-request-form');
    await staff.getByRole('button', { name: /提交申请/ }).click();
    await staff.waitForURL(/\/fleet\/requests\/\d+$/, { timeout: 30_000 }).catch(async (e: unknown) => {
      await shot(staff, 'e2e-fleet-request-submit-failed');
      throw e;
    });
    const requestId = Number(/\/fleet\/requests\/(\d+)$/.exec(staff.url())![1]);
    await staff.getByText('审批中').first().waitFor();
    const filed = await api<{ startsAt: string; endsAt: string }>(staff, 'GET', `/api/fleet/requests/${requestId}`);
    expect(Date.parse(filed.startsAt)).toBe(from);
    expect(Date.parse(filed.endsAt)).toBe(to);

    // 2. the unit administrator (教育厅's leader for this approval) approves in 审批中心
    const unit = await t.browser.newPage(pcOpts);
    await login(unit, t.server.url, 'unit');
    await unit.goto('/workflow/inbox');
    const row = unit.getByRole('row', { name: new RegExp(purpose) }).first();
    await row.waitFor({ timeout: 30_000 });
    await row.getByRole('link').first().click();
    await unit.waitForURL(/\/workflow\/instances\/\d+/);
    await unit.getByRole('button', { name: /^同\s*意$/ }).first().click();
    const approve = unit.getByRole('dialog');
    await approve.locator('textarea').fill('同意用车');
    await approve.getByRole('button', { name: /^同\s*意$/ }).click();
    await unit.getByText('审批通过').first().waitFor({ timeout: 30_000 });

    // 3. fleet dispatches from the board: the request waits on the right; the dialog offers free cars and drivers
    const driverPhone = await t.browser.newPage({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', baseURL: t.server.url });
    await login(driverPhone, t.server.url, 'driver');
    const driverPerson = ((await (await driverPhone.request.get('/api/me')).json()) as Me).user.personId!;

    const fleet = await t.browser.newPage(pcOpts);
    await login(fleet, t.server.url, 'fleet');
    const driverName = (await api<{ name: string }>(fleet, 'GET', `/api/persons/${driverPerson}`)).name;
    // the month's figures before the trip (双费双率: the trip adds kilometres and a day of use)
    const month = beijing(Date.now()).slice(0, 7);
    const analysis = `/api/fleet/analysis?from=${month}&to=${month}&groupBy=unit&utilisation=trip_days`;
    const before = (await api<{ total: Figures }>(fleet, 'GET', analysis)).total;
    await fleet.goto('/fleet/board');
    const waiting = fleet.locator('.ant-list-item', { hasText: purpose });
    await waiting.waitFor({ timeout: 30_000 });
    await shot(fleet, 'e2e-fleet-board-waiting');
    await waiting.getByRole('button', { name: /派\s*车/ }).click();
    const dialog = fleet.getByRole('dialog', { name: /派车/ });
    const cars = dialog.locator('.ant-table').first();
    await cars.locator('tbody tr.ant-table-row').first().waitFor({ timeout: 30_000 });
    await cars.locator('tbody tr.ant-table-row').first().click();
    await dialog.getByLabel('筛选驾驶员').fill(driverName);
    const drivers = dialog.locator('.ant-table').nth(1);
    await drivers.locator('tbody tr.ant-table-row', { hasText: driverName }).first().click();
    await shot(fleet, 'e2e-fleet-dispatch-dialog');
    await dialog.getByRole('button', { name: /确认派车/ }).click();
    await dialog.waitFor({ state: 'hidden', timeout: 30_000 });
    const dispatched = await api<{ status: string; dispatch: { id: number; plate: string } }>(fleet, 'GET', `/api/fleet/requests/${requestId}`);
    expect(dispatched.status).toBe('dispatched');
    // the bar is on the car's row of the board
    await fleet.locator(`[data-row="${dispatched.dispatch.plate}"] .fleet-board-bar`).first().waitFor({ timeout: 30_000 });
    await shot(fleet, 'e2e-fleet-board');

    // 4. the driver starts and finishes the trip on the phone
    await driverPhone.goto('/m/fleet');
    const card = driverPhone.locator(`[data-task="${dispatched.dispatch.id}"]`);
    await card.waitFor({ timeout: 30_000 });
    const task = await api<{ vehicleOdometer: number }>(driverPhone, 'GET', `/api/fleet/driver/tasks/${dispatched.dispatch.id}`);
    const startKm = task.vehicleOdometer;
    await card.getByLabel('出车里程').fill(String(startKm));
    await shot(driverPhone, 'e2e-fleet-driver-start');
    await card.getByRole('button', { name: /出\s*车/ }).click();
    await card.getByText('已出车').waitFor({ timeout: 30_000 });
    await card.getByLabel('收车里程').fill(String(startKm + 23.5));
    await card.getByLabel('异常情况').fill('返程经历山路施工绕行');
    await card.getByRole('button', { name: /收\s*车/ }).click();
    await card.getByText('已收车').waitFor({ timeout: 30_000 });
    await shot(driverPhone, 'e2e-fleet-driver-finished');
    // nothing wider than the phone
    const width = await driverPhone.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(375);

    // 5. the request is completed with the trip; staff rates it
    await staff.goto(`/fleet/requests/${requestId}`);
    await staff.getByText('23.5 公里').waitFor({ timeout: 30_000 });
    await staff.getByText('已完成').first().waitFor();
    await staff.getByPlaceholder('驾驶员服务、车辆状况等').fill('准时安全，服务周到');
    await staff.getByRole('button', { name: /提交评价/ }).click();
    await staff.getByText('准时安全，服务周到').waitFor({ timeout: 30_000 });
    await shot(staff, 'e2e-fleet-request-completed');
    const done = await api<{ status: string; feedbackScore: number; dispatch: { km: number } }>(staff, 'GET', `/api/fleet/requests/${requestId}`);
    expect(done).toMatchObject({ status: 'completed', feedbackScore: 5, dispatch: { km: 23.5 } });

    // 6. the trip shows up in the analysis: kilometres and use of the month grow (cost per km follows from them)
    const after = (await api<{ total: Figures }>(fleet, 'GET', analysis)).total;
    expect(after.km).toBeCloseTo(before.km + 23.5, 1);
    expect(after.utilisationUsed).toBeGreaterThanOrEqual(before.utilisationUsed);
    await fleet.goto('/fleet/analysis');
    await fleet.getByText('双费双率分析').first().waitFor({ timeout: 30_000 });
    await shot(fleet, 'e2e-fleet-analysis');
  });
});
