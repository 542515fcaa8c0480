import { describe, expect, it } from 'vitest';
import { fileNameFromDisposition } from './download';
import { ApiError, detailFieldName, reactionTo, toApiError } from './errors';
import { loginPathFor, safeRedirect } from './session';

describe('toApiError', () => {
  it('reads the server error shape', () => {
    const error = toApiError(400, {
      code: 'VALIDATION',
      message: '数据校验未通过',
      details: [{ field: '/body/idNo', message: '身份证号校验位不正确' }, { nonsense: true }],
    });
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, code: 'VALIDATION', message: '数据校验未通过' });
    expect(error.details).toEqual([{ field: '/body/idNo', message: '身份证号校验位不正确' }]);
  });

  it('falls back to a Chinese message when the body is not the error shape', () => {
    expect(toApiError(502, '<html>Bad Gateway</html>')).toMatchObject({ code: 'HTTP_502', message: '服务器出现错误，请稍后重试' });
    expect(toApiError(404, undefined).message).toBe('数据不存在或无权访问');
  });

  it('maps detail fields to form field names', () => {
    expect(detailFieldName('/body/idNo')).toBe('idNo');
    expect(detailFieldName('body.phone')).toBe('phone');
    expect(detailFieldName('name')).toBe('name');
  });
});

describe('reactionTo', () => {
  const err = (status: number, code = 'X') => new ApiError(status, code, 'm');

  it('sends an expired session to the login page, but not a wrong password', () => {
    expect(reactionTo(err(401, 'AUTH_REQUIRED'), { method: 'GET', path: '/api/orgs' })).toBe('login');
    expect(reactionTo(err(401, 'AUTH_REQUIRED'), { method: 'GET', path: '/api/orgs', silent: true })).toBe('login');
    expect(reactionTo(err(401, 'AUTH_INVALID_CREDENTIALS'), { method: 'POST', path: '/api/me/password', silent: true })).toBe('none');
    expect(reactionTo(err(401, 'AUTH_INVALID_CREDENTIALS'), { method: 'POST', path: '/api/auth/login' })).toBe('toast');
  });

  it('shows the 403 page for a page load and a toast for actions and lookups', () => {
    expect(reactionTo(err(403), { method: 'GET', path: '/api/users' })).toBe('forbidden-page');
    expect(reactionTo(err(403), { method: 'GET', path: '/api/ranks', lookup: true })).toBe('toast');
    expect(reactionTo(err(403), { method: 'DELETE', path: '/api/users/{id}' })).toBe('toast');
  });

  it('leaves silent requests to the caller', () => {
    expect(reactionTo(err(400, 'PASSWORD_POLICY'), { method: 'POST', path: '/api/me/password', silent: true })).toBe('none');
  });
});

describe('login redirect', () => {
  it('keeps the wanted path and refuses foreign targets', () => {
    expect(loginPathFor('/org/units?page=2')).toBe('/login?redirect=%2Forg%2Funits%3Fpage%3D2');
    expect(loginPathFor('/')).toBe('/login');
    expect(safeRedirect('//evil.example/x')).toBe('/');
    expect(safeRedirect('https://evil.example')).toBe('/');
    expect(safeRedirect('/login?redirect=/x')).toBe('/');
    expect(safeRedirect('/system/users')).toBe('/system/users');
  });
});

describe('fileNameFromDisposition', () => {
  it('prefers the UTF-8 file name', () => {
    expect(fileNameFromDisposition(`attachment; filename="orgs.xlsx"; filename*=UTF-8''%E7%BB%84%E7%BB%87.xlsx`)).toBe('组织.xlsx');
    expect(fileNameFromDisposition('attachment; filename="orgs.xlsx"')).toBe('orgs.xlsx');
    expect(fileNameFromDisposition(null)).toBeUndefined();
  });
});
