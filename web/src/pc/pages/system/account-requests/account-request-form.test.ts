import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../../api/errors';
import { itemFieldErrors, newRequestKey, usernameProblem } from './account-request-form';

describe('account request form helpers', () => {
  it('makes a fresh UUID per call, with or without randomUUID', () => {
    const a = newRequestKey();
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(newRequestKey()).not.toBe(a);
    const insecure = { getRandomValues: crypto.getRandomValues.bind(crypto) };
    expect(newRequestKey(insecure)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('checks usernames as the server does, and duplicates between rows', () => {
    expect(usernameProblem('zhangsan', [])).toBe('');
    expect(usernameProblem('', [])).toBe('请输入用户名');
    expect(usernameProblem('Zhang', [])).toMatch(/小写字母开头/);
    expect(usernameProblem('ab', [])).toMatch(/3到32位/);
    expect(usernameProblem('li.si-2', ['li.si-2'])).toBe('与其他行的用户名重复');
  });

  it('puts server details and taken usernames on their rows', () => {
    const detail = new ApiError(400, 'VALIDATION', '只能申请本单位范围内的业务角色', [{ field: 'items.1.roleCode', message: '不能申请该角色' }]);
    expect(itemFieldErrors(detail, ['a', 'b'])).toEqual([{ name: ['items', 1, 'roleCode'], errors: ['不能申请该角色'] }]);
    const taken = new ApiError(409, 'USERNAME_TAKEN', '用户名已被占用或正在申请中：wangwu、zhaoliu');
    expect(itemFieldErrors(taken, ['zhangsan', 'wangwu', 'zhaoliu']).map((e) => e.name)).toEqual([
      ['items', 1, 'username'],
      ['items', 2, 'username'],
    ]);
  });
});
