import { describe, expect, it } from 'vitest';
import { formValueText } from './instance-parts';

describe('formValueText', () => {
  it('renders form values as Chinese text', () => {
    expect(formValueText(null)).toBe('-');
    expect(formValueText('')).toBe('-');
    expect(formValueText(true)).toBe('是');
    expect(formValueText(false)).toBe('否');
    expect(formValueText(12345)).toBe('12,345');
    expect(formValueText(['staff', 'unit_admin'])).toBe('staff、unit_admin');
    expect(formValueText([])).toBe('-');
    expect(formValueText({ a: 1 })).toBe('a：1');
  });
});
