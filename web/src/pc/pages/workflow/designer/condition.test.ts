import { describe, expect, it } from 'vitest';
import {
  buildExpression,
  describeCondition,
  newRule,
  operatorsFor,
  parseExpression,
  ruleProblem,
  ruleToExpression,
  valueKind,
  type Condition,
  type FormField,
} from './condition';

const fields: FormField[] = [
  { key: 'count', label: '申请账号数', type: 'number' },
  {
    key: 'unitLevel',
    label: '单位层级',
    type: 'string',
    options: [
      { value: 'province', label: '省级' },
      { value: 'city', label: '市级' },
      { value: 'county', label: '县级' },
    ],
  },
  { key: 'roles', label: '申请角色', type: 'array' },
  { key: 'reason', label: '申请理由', type: 'string' },
  { key: 'urgent', label: '加急', type: 'boolean' },
];

describe('condition builder → expression text', () => {
  it('writes comparisons, lists, functions and booleans in the server language', () => {
    expect(ruleToExpression({ field: 'count', op: '>', value: 3 })).toBe('count > 3');
    expect(ruleToExpression({ field: 'count', op: '<=', value: 2.5 })).toBe('count <= 2.5');
    expect(ruleToExpression({ field: 'unitLevel', op: '==', value: 'province' })).toBe('unitLevel == "province"');
    expect(ruleToExpression({ field: 'unitLevel', op: 'in', value: ['city', 'county'] })).toBe('unitLevel in ["city", "county"]');
    expect(ruleToExpression({ field: 'unitLevel', op: 'not_in', value: ['city'] })).toBe('unitLevel not in ["city"]');
    expect(ruleToExpression({ field: 'reason', op: 'contains', value: '紧急' })).toBe('contains(reason, "紧急")');
    expect(ruleToExpression({ field: 'reason', op: 'not_contains', value: '测试' })).toBe('!contains(reason, "测试")');
    expect(ruleToExpression({ field: 'roles', op: 'empty', value: null })).toBe('empty(roles)');
    expect(ruleToExpression({ field: 'roles', op: 'not_empty', value: null })).toBe('!empty(roles)');
    expect(ruleToExpression({ field: 'roles', op: 'count_gte', value: 2 })).toBe('count(roles) >= 2');
    expect(ruleToExpression({ field: 'urgent', op: 'is_true', value: null })).toBe('urgent == true');
  });

  it('escapes quotes and backslashes inside strings', () => {
    expect(ruleToExpression({ field: 'reason', op: 'contains', value: '说"急"\\' })).toBe('contains(reason, "说\\"急\\"\\\\")');
  });

  it('joins rules with && for "all" and || for "any"', () => {
    const c: Condition = {
      join: 'all',
      rules: [
        { field: 'count', op: '>', value: 3 },
        { field: 'unitLevel', op: '==', value: 'province' },
      ],
    };
    expect(buildExpression(c)).toBe('count > 3 && unitLevel == "province"');
    expect(buildExpression({ ...c, join: 'any' })).toBe('count > 3 || unitLevel == "province"');
    expect(buildExpression({ join: 'all', rules: [] })).toBe('');
  });

  it('reads back what it wrote', () => {
    const c: Condition = {
      join: 'any',
      rules: [
        { field: 'count', op: '>=', value: 5 },
        { field: 'unitLevel', op: 'in', value: ['city', 'county'] },
        { field: 'reason', op: 'not_contains', value: 'a && b || "c"' },
        { field: 'roles', op: 'count_lt', value: 2 },
        { field: 'urgent', op: 'is_false', value: null },
      ],
    };
    expect(parseExpression(buildExpression(c), fields)).toEqual(c);
  });

  it('leaves expressions it cannot represent to the free-text input', () => {
    expect(parseExpression('count > 3 && unitLevel == "city" || count > 9', fields)).toBeUndefined();
    expect(parseExpression('(count > 3)', fields)).toBeUndefined();
    expect(parseExpression('unknown == 1', fields)).toBeUndefined();
    expect(parseExpression('count + 1 > 3', fields)).toBeUndefined();
    expect(parseExpression('', fields)).toEqual({ join: 'all', rules: [] });
  });

  it('offers operators and value inputs by field type', () => {
    expect(operatorsFor(fields[0])).toContain('>');
    expect(operatorsFor(fields[1])).toContain('in');
    expect(operatorsFor(fields[2])).toContain('count_gt');
    expect(valueKind(fields[1], 'in')).toBe('options');
    expect(valueKind(fields[1], '==')).toBe('option');
    expect(valueKind(fields[3], 'contains')).toBe('text');
    expect(valueKind(fields[2], 'empty')).toBe('none');
    expect(valueKind(fields[2], 'count_eq')).toBe('number');
  });

  it('flags incomplete rules', () => {
    expect(ruleProblem(newRule(fields), fields)).toBe('请输入数字');
    expect(ruleProblem({ field: 'count', op: '>', value: 3 }, fields)).toBeUndefined();
    expect(ruleProblem({ field: 'unitLevel', op: 'in', value: [] }, fields)).toBe('请选择至少一项');
    expect(ruleProblem({ field: 'nope', op: '==', value: 'x' }, fields)).toBe('请选择字段');
  });

  it('describes a condition in Chinese with option labels', () => {
    expect(
      describeCondition(
        { join: 'all', rules: [{ field: 'count', op: '>', value: 3 }, { field: 'unitLevel', op: 'in', value: ['city', 'county'] }] },
        fields,
      ),
    ).toBe('申请账号数 大于 3 且 单位层级 属于 市级、县级');
  });
});
