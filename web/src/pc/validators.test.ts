import { describe, expect, it } from 'vitest';
import { creditCodeError, genderFromIdNumber, idNumberError, mobileError, passwordPolicyErrors } from './validators';

describe('idNumberError (GB 11643 checksum)', () => {
  it('accepts valid numbers, with digit or X check characters', () => {
    expect(idNumberError('11010519491231002X')).toBeNull();
    expect(idNumberError('11010519491231002x')).toBeNull();
    expect(idNumberError('440524198001010013')).toBeNull();
    expect(idNumberError(' 370102199003077576 ')).toBeNull();
  });

  it('rejects a wrong check character', () => {
    expect(idNumberError('110105194912310021')).toBe('身份证号校验位不正确，请核对');
    expect(idNumberError('370102199003077571')).toBe('身份证号校验位不正确，请核对');
  });

  it('rejects wrong length and characters', () => {
    expect(idNumberError('11010519491231002')).toMatch(/18位/);
    expect(idNumberError('1101051949123100211')).toMatch(/18位/);
    expect(idNumberError('1101051949123100A1')).toMatch(/18位/);
  });

  it('rejects impossible or future birth dates', () => {
    // both carry a correct check digit, so only the date can be wrong: 1990-02-30 does not exist, 2099 is ahead
    expect(idNumberError('370102199002307579')).toBe('身份证号中的出生日期无效');
    expect(idNumberError('370102209901017571', new Date('2025-01-01T00:00:00Z'))).toBe('身份证号中的出生日期无效');
  });

  it('reads the gender from the 17th digit', () => {
    expect(genderFromIdNumber('440524198001010013')).toBe('M');
    expect(genderFromIdNumber('11010519491231002X')).toBe('F');
    expect(genderFromIdNumber('110105194912310021')).toBeNull();
  });
});

describe('mobileError', () => {
  it('accepts 11-digit mainland mobile numbers', () => {
    expect(mobileError('13812345678')).toBeNull();
    expect(mobileError('19912345678')).toBeNull();
  });
  it('rejects others', () => {
    expect(mobileError('1381234567')).not.toBeNull();
    expect(mobileError('12812345678')).not.toBeNull();
    expect(mobileError('0531-8888888')).not.toBeNull();
  });
});

describe('creditCodeError (GB 32100 checksum)', () => {
  it('accepts a valid code', () => {
    expect(creditCodeError('91350100M000100Y43')).toBeNull();
  });
  it('rejects a wrong check character and bad characters', () => {
    expect(creditCodeError('91350100M000100Y44')).toMatch(/校验位/);
    expect(creditCodeError('91350100M000100YI3')).toMatch(/18位/);
  });
});

describe('passwordPolicyErrors', () => {
  it('passes a compliant password', () => {
    expect(passwordPolicyErrors('Steward#2025', { minLength: 8, username: 'zhangsan' })).toEqual([]);
  });
  it('names every broken rule', () => {
    expect(passwordPolicyErrors('zhangsan1', { minLength: 12, username: 'zhangsan' })).toEqual([
      '密码长度至少12位',
      '密码须包含大写字母、小写字母、数字、特殊字符中的至少3类',
      '密码不能包含用户名',
    ]);
  });
  it('matches the username case-insensitively', () => {
    expect(passwordPolicyErrors('xxZhangSan#1', { minLength: 8, username: 'zhangsan' })).toEqual(['密码不能包含用户名']);
  });
});
