import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { api, login, type Me, shot, useStewardInBrowser } from './server.js';

/** The import template of a kind, as the page offers it, with its example row replaced by `rows`. */
async function filledTemplate(page: Page, kind: string, rows: (string | number)[][]): Promise<Buffer> {
  const res = await page.request.get(`/api/estate/imports/templates/${kind}`);
  expect(res.ok()).toBe(true);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await res.body()) as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  ws.spliceRows(2, ws.rowCount - 1);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function importFile(page: Page, kindTitle: string, name: string, file: Buffer) {
  await page.locator('label.ant-radio-button-wrapper', { hasText: new RegExp(`^${kindTitle}$`) }).click();
  await page.locator('input[type=file]').setInputFiles({ name, mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: file });
  await page.getByText(`已上传：${name}`).waitFor();
  await page.getByRole('button', { name: '开始导入' }).click();
  await page.getByText('导入成功').first().waitFor({ timeout: 60_000 });
}

/**
 * Office space end to end: a unit administrator imports a building and its rooms from Excel, assigns an occupant and
 * sees the over-standard finding appear; the province registers the building's asset card; the unit applies to
 * dispose of it, the province approves in 审批中心, and the card's timeline shows the whole story.
 */
describe('office space: import, occupy, finding, disposal', () => {
  const t = useStewardInBrowser();

  it('imports a building, raises an over-standard finding, and runs a disposal through approval', async () => {
    const pc = await t.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', baseURL: t.server.url });
    await login(pc, t.server.url, 'unit');
    const me = ((await (await pc.request.get('/api/me')).json()) as Me).user;
    const unit = { name: me.unitName };
    const compounds = await api<{ items: { id: number; code: string; ownerUnitId: number }[] }>(pc, 'GET', '/api/estate/compounds?pageSize=50');
    const compound = compounds.items.find((c) => c.ownerUnitId === me.unitId)!;
    expect(compound).toBeTruthy();
    // a newly recruited 一级主任科员 (乡科级正职): at the provincial level the cap is 9 m²
    const person = await api<{ id: number; name: string }>(pc, 'POST', '/api/persons', {
      name: '赵新宇', gender: 'M', rankCode: 'grade_zhuren_1', unitId: me.unitId, status: 'active',
    });

    // 1. import a building, then its rooms, from the page's own templates
    await pc.goto('/estate/imports');
    const buildings = await filledTemplate(pc, 'estate.buildings', [[compound.code, 'E2E', '档案综合楼', '钢筋混凝土结构', 2004, 5, 0, 3000, 2300, '', '']]);
    await importFile(pc, '楼座', 'e2e-buildings.xlsx', buildings);
    await shot(pc, 'e2e-estate-import-done');
    const rooms = await filledTemplate(pc, 'estate.rooms', [
      [compound.code, 'E2E', 5, '501', 40, 32, '办公室', '办公室', unit.name, '', '在用'],
      [compound.code, 'E2E', 5, '502', 30, 24, '会议室', '会议室', unit.name, '', '在用'],
    ]);
    await importFile(pc, '房间', 'e2e-rooms.xlsx', rooms);

    // 2. the floor grid shows the rooms; assign the occupant to 501
    const b = await api<{ items: { id: number; code: string }[] }>(pc, 'GET', `/api/estate/buildings?compoundId=${compound.id}&pageSize=50`);
    const building = b.items.find((x) => x.code === 'E2E')!;
    await pc.goto(`/estate/space?buildingId=${building.id}`);
    const tile = pc.locator('[data-room-id]', { hasText: '501' });
    await tile.waitFor({ timeout: 30_000 });
    await shot(pc, 'e2e-estate-floor-grid');
    await tile.click();
    await pc.getByRole('button', { name: /分配使用人/ }).click();
    const modal = pc.getByRole('dialog', { name: /分配使用人/ });
    await modal.getByRole('combobox').first().fill(person.name);
    await pc.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: person.name }).first().click();
    await modal.getByText('起始日期').click(); // closes the drop-down
    await shot(pc, 'e2e-estate-assign-form');
    await modal.getByRole('button', { name: /确\s*定|提\s*交|保\s*存/ }).click();
    await pc.getByText(/复核发现 \d+ 条新预警/).waitFor({ timeout: 30_000 });
    await pc.getByText('超标', { exact: true }).first().waitFor();
    await shot(pc, 'e2e-estate-room-over-standard');

    // 3. the finding is listed in 超标与违规
    await pc.goto('/estate/findings');
    await pc.getByText(new RegExp(`${person.name}.*超出标准`)).first().waitFor({ timeout: 30_000 });
    await shot(pc, 'e2e-estate-findings');

    // 4. the province registers the building's asset card (set-up through the API)
    const province = await t.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', baseURL: t.server.url });
    await login(province, t.server.url, 'province');
    const card = await api<{ card: { id: number } }>(province, 'POST', '/api/estate/assets', {
      cardNo: `ZC-E2E-${Date.now().toString(36).toUpperCase()}`, kind: 'building', classCode: '1020199', name: '档案综合楼', compoundId: compound.id,
      buildingId: building.id, unitId: me.unitId, acquisitionMethod: 'build', acquiredOn: '2004-10-01', originalValue: 9_800_000, area: 3000,
    });

    // 5. the unit applies to dispose of it from the card page
    await pc.goto(`/estate/assets/${card.card.id}`);
    await pc.getByRole('button', { name: /申请处置/ }).click();
    await pc.waitForURL(/\/estate\/applications\/new/);
    await pc.getByLabel('处置形式').click();
    await pc.locator('.ant-select-dropdown:visible').getByText('拆除', { exact: true }).click();
    await pc.getByLabel('申请理由').fill('房屋鉴定为 D 级危房，按规划拆除');
    await pc.getByRole('button', { name: /提交申请/ }).click();
    await pc.getByText('申请已提交，等待审批').waitFor();
    await shot(pc, 'e2e-estate-disposal-applied');

    // 6. the province approves it in 审批中心
    await province.goto('/workflow/inbox');
    const row = province.getByRole('row', { name: /处置/ }).first();
    await row.waitFor({ timeout: 30_000 });
    await row.getByRole('link').first().click();
    await province.waitForURL(/\/workflow\/instances\/\d+/);
    await province.getByRole('button', { name: /^同\s*意$/ }).first().click();
    const approve = province.getByRole('dialog');
    await approve.locator('textarea').fill('同意拆除，按程序办理');
    await approve.getByRole('button', { name: /^同\s*意$/ }).click();
    await province.getByText('审批通过').first().waitFor({ timeout: 30_000 });

    // 7. the card's timeline tells the story
    await pc.goto(`/estate/assets/${card.card.id}`);
    const timeline = pc.locator('.ant-timeline');
    await timeline.getByText(/处置/).first().waitFor({ timeout: 30_000 });
    const text = await timeline.innerText();
    expect(text).toMatch(/登记/);
    expect(text).toMatch(/申请/);
    expect(text).toMatch(/批准|通过/);
    await pc.getByText('待处置').first().waitFor();
    await shot(pc, 'e2e-estate-card-timeline');
  });
});
