import { describe, expect, it } from 'vitest';
import { login, shot, useStewardInBrowser } from './server.js';

/**
 * The approval engine end to end: a unit administrator asks for an account in the PC app, the province's
 * administrator approves it on a phone-sized screen, the new colleague signs in with the initial password.
 */
describe('account request approved on the phone', () => {
  const t = useStewardInBrowser();

  it('unit submits, province approves at 375 px, the new user signs in', async () => {
    const username = `e2e.${Date.now().toString(36)}`;

    // 1. `unit` fills in the request on the PC
    const pc = await t.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    await login(pc, t.server.url, 'unit');
    await pc.goto(`${t.server.url}/system/account-requests`);
    await pc.getByRole('button', { name: /新建申请/ }).click();
    const dialog = pc.getByRole('dialog');
    await dialog.getByPlaceholder(/新招录公务员/).fill('新入职干部张晓明开通资产管理账号');
    await dialog.getByLabel('第1行用户名').fill(username);
    await dialog.getByLabel('第1行姓名').fill('张晓明');
    await dialog.getByRole('combobox', { name: '第1行角色' }).click();
    await pc.locator('.ant-select-dropdown:visible').getByText('干部职工', { exact: true }).click();
    await shot(pc, 'e2e-account-request-form');
    await dialog.getByRole('button', { name: /提交申请/ }).click();
    await pc.getByText('已提交账号申请，等待审批').waitFor();
    await pc.waitForURL(/\/system\/account-requests\/\d+$/);
    await pc.getByText('审批中').first().waitFor();

    // 2. `province` approves on a phone
    const phone = await t.browser.newPage({ viewport: { width: 375, height: 812 }, locale: 'zh-CN', isMobile: true, hasTouch: true });
    await login(phone, t.server.url, 'province');
    await phone.goto(`${t.server.url}/m/workflow`);
    const card = phone.locator('a.m-card', { hasText: '山东省教育厅申请开设 1 个账号' }).first();
    await card.waitFor({ timeout: 30_000 });
    await shot(phone, 'e2e-phone-inbox');
    await card.click();
    await phone.getByText('属地管理员审批').first().waitFor();
    await phone.getByText('干部职工').first().waitFor(); // the form shows role names, not codes
    // nothing on the page is wider than the phone
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(phone, 'e2e-phone-detail');
    const detailUrl = phone.url();
    await phone.locator('.m-bottombar').getByRole('button', { name: /^同\s*意$/ }).click();
    const approveDialog = phone.getByRole('dialog');
    await approveDialog.locator('textarea').fill('同意开通');
    await approveDialog.getByRole('button', { name: /^同\s*意$/ }).click();
    await phone.waitForURL((u) => u.pathname === '/m/workflow', { timeout: 30_000 });
    await phone.goto(detailUrl);
    await phone.getByText('审批通过').first().waitFor({ timeout: 30_000 });
    await shot(phone, 'e2e-phone-approved');

    // 3. `unit` reads the initial password
    await pc.reload();
    await pc.getByText('已开通').first().waitFor({ timeout: 30_000 });
    await shot(pc, 'e2e-account-request-approved');
    await pc.getByRole('button', { name: /查看初始密码/ }).click();
    const pwDialog = pc.getByRole('dialog');
    await pwDialog.getByText(username).waitFor();
    const password = (await pwDialog.locator('code').nth(1).innerText()).trim();
    expect(password).toMatch(/^.{14}$/);
    await shot(pc, 'e2e-initial-password');

    // 4. the new colleague signs in and is asked to change the password first
    const ctx = await t.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const fresh = await ctx.newPage();
    await login(fresh, t.server.url, username, password);
    await fresh.waitForURL(/\/profile\/password/, { timeout: 30_000 });
    await shot(fresh, 'e2e-new-user-must-change');
    await ctx.close();
  });
});
