import { describe, expect, it } from 'vitest';
import { login, shot, useStewardInBrowser } from './server.js';

describe('Steward in a real browser', () => {
  const t = useStewardInBrowser();

  it('jinan logs in and sees only 济南 units; a 青岛 unit by id is 404', async () => {
    const page = await t.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    await login(page, t.server.url, 'jinan');
    await page.goto(`${t.server.url}/org/units`);
    const table = page.locator('.ant-table-tbody');
    await table.locator('tr.ant-table-row').first().waitFor({ timeout: 30_000 });
    const rows = await table.locator('tr.ant-table-row').allInnerTexts();
    expect(rows.length).toBeGreaterThan(3);
    for (const r of rows) expect(r, r).toMatch(/济南|历下|市中|槐荫|天桥|历城|长清|章丘|济阳|莱芜|钢城|平阴|商河|高新|南山|起步区/);
    expect(rows.join('\n')).not.toMatch(/青岛|烟台|淄博/);
    // the tree starts at the city; expanding it shows the city's own units and its districts
    const tree = page.locator('.ant-tree');
    await tree.getByText('济南市', { exact: true }).waitFor();
    await tree.locator('.ant-tree-switcher').first().click();
    await tree.getByText('济南市机关事务管理局', { exact: true }).waitFor();
    await tree.getByText('历下区', { exact: true }).waitFor();
    await tree.getByText('济南市', { exact: true }).click();
    await page.getByText('济南市（本区划及下级）').waitFor();
    await shot(page, 'org-units-jinan');
    // 导出Excel downloads the same filtered list as an .xlsx
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /导出Excel/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const xlsx = await download.path();
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(xlsx).subarray(0, 2).toString()).toBe('PK');
    // A 青岛 unit, as 青岛 sees it …
    const qd = await t.browser.newPage();
    await login(qd, t.server.url, 'qingdao');
    const qdUnit = await qd.evaluate(async () => (await fetch('/api/orgs?kind=unit&pageSize=1').then((r) => r.json())).items[0] as { id: number; regionCode: string });
    expect(qdUnit.regionCode.startsWith('3702')).toBe(true);
    await qd.close();
    // … is missing for 济南, by id and in lists, with the browser's own session.
    const seen = await page.evaluate(async (id) => {
      const byId = await fetch(`/api/orgs/${id}`);
      const list = await fetch('/api/orgs?regionCode=3702').then((r) => r.json());
      return { status: byId.status, code: (await byId.json()).code as string, listed: list.total as number };
    }, qdUnit.id);
    expect(seen).toEqual({ status: 404, code: 'NOT_FOUND', listed: 0 });
    await page.close();
  });

  it('the auditor sees the audit log and the chain verifies clean', async () => {
    const page = await t.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    await login(page, t.server.url, 'auditor');
    await page.goto(`${t.server.url}/audit/logs`);
    await expect.poll(async () => page.getByText(/审计链完整，已校验 \d+ 条/).count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await page.locator('.ant-table-tbody tr.ant-table-row').first().waitFor();
    await shot(page, 'audit-logs-auditor');
    await page.close();
  });

  it('main pages render for their users (screenshots)', async () => {
    const visits: [string, string[]][] = [
      ['province', ['/org/persons', '/system/regions', '/profile']],
      ['sysadmin', ['/system/users', '/system/roles']],
      ['secadmin', ['/security/accounts', '/security/sessions', '/security/login-log']],
    ];
    for (const [user, paths] of visits) {
      const page = await t.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
      await login(page, t.server.url, user);
      for (const p of paths) {
        await page.goto(`${t.server.url}${p}`);
        await page.waitForLoadState('networkidle');
        expect(await page.locator('.ant-pro-layout').count()).toBeGreaterThan(0);
        expect(await page.getByText('页面不存在').count()).toBe(0);
        await shot(page, `${p.replace(/\//g, '-').slice(1)}-${user}`);
      }
      await page.close();
    }
  });

  it('the persons page works on a 375 px phone screen', async () => {
    const page = await t.browser.newPage({ viewport: { width: 375, height: 812 }, locale: 'zh-CN', isMobile: true, hasTouch: true });
    await login(page, t.server.url, 'unit');
    await page.goto(`${t.server.url}/org/persons`);
    await page.locator('.ant-table-tbody tr.ant-table-row').first().waitFor({ timeout: 30_000 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await shot(page, 'org-persons-unit-375');
    await page.close();
  });

  it('a user without the permission gets the 403 page', async () => {
    const page = await t.browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    await page.goto(`${t.server.url}/login`);
    await page.getByPlaceholder('用户名').waitFor();
    await shot(page, 'login');
    await login(page, t.server.url, 'staff');
    await page.goto(`${t.server.url}/audit/logs`);
    await expect.poll(async () => page.getByText(/403|没有权限|无权/).count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await shot(page, 'forbidden-staff');
    await page.close();
  });
});
