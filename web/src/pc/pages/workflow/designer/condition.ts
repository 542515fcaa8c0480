// The condition builder's model: rules (field · operator · value) joined by "all" (&&) or "any" (||), turned into
// the server's expression text, and read back from text the builder wrote so a saved branch opens in the builder.
// Language: == != < <= > >= && || ! in "not in", count(x), contains(a, b), empty(x); strings in double quotes.

export interface FormField {
  key: string;
  label: string;
  /** number · string · boolean · array */
  type: string;
  options?: { value: string; label: string }[];
}

export type Operator =
  | '=='
  | '!='
  | '>'
  | '>='
  | '<'
  | '<='
  | 'in'
  | 'not_in'
  | 'contains'
  | 'not_contains'
  | 'empty'
  | 'not_empty'
  | 'is_true'
  | 'is_false'
  | 'count_gt'
  | 'count_gte'
  | 'count_lt'
  | 'count_lte'
  | 'count_eq';

export type RuleValue = string | number | string[] | null;

export interface Rule {
  field: string;
  op: Operator;
  value: RuleValue;
}

export type Join = 'all' | 'any';

export interface Condition {
  join: Join;
  rules: Rule[];
}

export const OPERATOR_LABELS: Record<Operator, string> = {
  '==': '等于',
  '!=': '不等于',
  '>': '大于',
  '>=': '大于等于',
  '<': '小于',
  '<=': '小于等于',
  in: '属于',
  not_in: '不属于',
  contains: '包含',
  not_contains: '不包含',
  empty: '为空',
  not_empty: '不为空',
  is_true: '是',
  is_false: '否',
  count_gt: '数量大于',
  count_gte: '数量大于等于',
  count_lt: '数量小于',
  count_lte: '数量小于等于',
  count_eq: '数量等于',
};

const COUNT_OPS: Partial<Record<Operator, string>> = { count_gt: '>', count_gte: '>=', count_lt: '<', count_lte: '<=', count_eq: '==' };
const NUMBER_OPS: Operator[] = ['==', '!=', '>', '>=', '<', '<='];

/** The operators that make sense for a field. */
export function operatorsFor(field: FormField | undefined): Operator[] {
  if (!field) return [];
  switch (field.type) {
    case 'number':
      return NUMBER_OPS;
    case 'boolean':
      return ['is_true', 'is_false'];
    case 'array':
      return ['contains', 'not_contains', 'empty', 'not_empty', 'count_gt', 'count_gte', 'count_lt', 'count_lte', 'count_eq'];
    default:
      return field.options?.length
        ? ['==', '!=', 'in', 'not_in', 'empty', 'not_empty']
        : ['==', '!=', 'contains', 'not_contains', 'empty', 'not_empty'];
  }
}

/** What the value input should be for an operator: none, a number, one text / option, or several options. */
export function valueKind(field: FormField | undefined, op: Operator): 'none' | 'number' | 'text' | 'option' | 'options' {
  if (!field) return 'none';
  if (op === 'empty' || op === 'not_empty' || op === 'is_true' || op === 'is_false') return 'none';
  if (COUNT_OPS[op] || field.type === 'number') return 'number';
  if (op === 'in' || op === 'not_in') return 'options';
  return field.options?.length && (op === '==' || op === '!=') ? 'option' : 'text';
}

/** A rule is complete when its value fits its operator. */
export function ruleProblem(rule: Rule, fields: readonly FormField[]): string | undefined {
  const field = fields.find((f) => f.key === rule.field);
  if (!field) return '请选择字段';
  if (!operatorsFor(field).includes(rule.op)) return '请选择比较方式';
  const kind = valueKind(field, rule.op);
  const v = rule.value;
  if (kind === 'number' && !(typeof v === 'number' && Number.isFinite(v))) return '请输入数字';
  if ((kind === 'text' || kind === 'option') && !(typeof v === 'string' && v !== '')) return '请输入比较值';
  if (kind === 'options' && !(Array.isArray(v) && v.length > 0)) return '请选择至少一项';
  return undefined;
}

/** A string literal the server's tokenizer reads back as the same string. */
export function quote(value: string): string {
  return JSON.stringify(value);
}

function numberText(value: RuleValue): string {
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : '0';
}

/** One rule as expression text (assumes the rule is complete; see ruleProblem). */
export function ruleToExpression(rule: Rule): string {
  const f = rule.field;
  const v = rule.value;
  const text = typeof v === 'string' ? v : Array.isArray(v) ? (v[0] ?? '') : String(v ?? '');
  const count = COUNT_OPS[rule.op];
  if (count) return `count(${f}) ${count} ${numberText(v)}`;
  switch (rule.op) {
    case 'in':
    case 'not_in': {
      const list = `[${(Array.isArray(v) ? v : [text]).map(quote).join(', ')}]`;
      return rule.op === 'in' ? `${f} in ${list}` : `${f} not in ${list}`;
    }
    case 'contains':
      return `contains(${f}, ${quote(text)})`;
    case 'not_contains':
      return `!contains(${f}, ${quote(text)})`;
    case 'empty':
      return `empty(${f})`;
    case 'not_empty':
      return `!empty(${f})`;
    case 'is_true':
      return `${f} == true`;
    case 'is_false':
      return `${f} == false`;
    default:
      return `${f} ${rule.op} ${typeof v === 'number' ? numberText(v) : quote(text)}`;
  }
}

/** The whole condition as expression text; '' when there are no rules. */
export function buildExpression(condition: Condition): string {
  return condition.rules.map(ruleToExpression).join(condition.join === 'all' ? ' && ' : ' || ');
}

/** Splits at top-level `sep` (outside strings, brackets and parentheses). */
function splitTopLevel(src: string, sep: '&&' | '||'): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoteChar: string | null = null;
  let start = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (quoteChar) {
      if (c === '\\') i++;
      else if (c === quoteChar) quoteChar = null;
      continue;
    }
    if (c === '"' || c === "'") quoteChar = c;
    else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (depth === 0 && src.startsWith(sep, i)) {
      parts.push(src.slice(start, i).trim());
      start = i + sep.length;
      i++;
    }
  }
  parts.push(src.slice(start).trim());
  return parts;
}

const FIELD = String.raw`([\p{L}_][\p{L}\p{M}\p{N}_.]*)`;
const STRING = String.raw`("(?:[^"\\]|\\.)*")`;
const NUMBER = String.raw`(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)`;
const RE = {
  count: new RegExp(String.raw`^count\(\s*${FIELD}\s*\)\s*(==|>=|<=|>|<)\s*${NUMBER}$`, 'u'),
  contains: new RegExp(String.raw`^(!\s*)?contains\(\s*${FIELD}\s*,\s*${STRING}\s*\)$`, 'u'),
  empty: new RegExp(String.raw`^(!\s*)?empty\(\s*${FIELD}\s*\)$`, 'u'),
  list: new RegExp(String.raw`^${FIELD}\s+(not\s+in|in)\s+\[(.*)\]$`, 'u'),
  bool: new RegExp(String.raw`^${FIELD}\s*==\s*(true|false)$`, 'u'),
  compare: new RegExp(String.raw`^${FIELD}\s*(==|!=|>=|<=|>|<)\s*(?:${NUMBER}|${STRING})$`, 'u'),
};
const COUNT_BY_SYMBOL: Record<string, Operator> = { '>': 'count_gt', '>=': 'count_gte', '<': 'count_lt', '<=': 'count_lte', '==': 'count_eq' };

function parseString(literal: string): string | undefined {
  try {
    const v: unknown = JSON.parse(literal);
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

function parseRule(text: string): Rule | undefined {
  let m: RegExpExecArray | null;
  if ((m = RE.count.exec(text))) return { field: m[1]!, op: COUNT_BY_SYMBOL[m[2]!]!, value: Number(m[3]) };
  if ((m = RE.contains.exec(text))) {
    const value = parseString(m[3]!);
    return value === undefined ? undefined : { field: m[2]!, op: m[1] ? 'not_contains' : 'contains', value };
  }
  if ((m = RE.empty.exec(text))) return { field: m[2]!, op: m[1] ? 'not_empty' : 'empty', value: null };
  if ((m = RE.list.exec(text))) {
    let items: unknown;
    try {
      items = JSON.parse(`[${m[3]!}]`);
    } catch {
      return undefined;
    }
    if (!Array.isArray(items) || !items.every((i): i is string => typeof i === 'string')) return undefined;
    return { field: m[1]!, op: m[2] === 'in' ? 'in' : 'not_in', value: items };
  }
  if ((m = RE.bool.exec(text))) return { field: m[1]!, op: m[2] === 'true' ? 'is_true' : 'is_false', value: null };
  if ((m = RE.compare.exec(text))) {
    const op = m[2] as Operator;
    if (m[3] !== undefined) return { field: m[1]!, op, value: Number(m[3]) };
    const value = parseString(m[4]!);
    return value === undefined ? undefined : { field: m[1]!, op, value };
  }
  return undefined;
}

/**
 * Reads an expression back into builder rules. Only the shapes the builder writes are understood; anything else
 * (parentheses, mixed && and ||, arithmetic, unknown fields) gives undefined and stays a free-text expression.
 */
export function parseExpression(expression: string | undefined, fields: readonly FormField[]): Condition | undefined {
  const src = (expression ?? '').trim();
  if (!src) return { join: 'all', rules: [] };
  const and = splitTopLevel(src, '&&');
  const or = splitTopLevel(src, '||');
  if (and.length > 1 && or.length > 1) return undefined;
  const join: Join = or.length > 1 ? 'any' : 'all';
  const parts = join === 'any' ? or : and;
  const rules: Rule[] = [];
  for (const part of parts) {
    const rule = parseRule(part);
    if (!rule) return undefined;
    if (ruleProblem(rule, fields)) return undefined;
    rules.push(rule);
  }
  return { join, rules };
}

/** A new rule on the first field with its first operator. */
export function newRule(fields: readonly FormField[], key?: string): Rule {
  const field = fields.find((f) => f.key === key) ?? fields[0];
  const op = operatorsFor(field)[0] ?? '==';
  return { field: field?.key ?? '', op, value: defaultValue(field, op) };
}

/** The value a rule starts with after its field or operator changes. */
export function defaultValue(field: FormField | undefined, op: Operator): RuleValue {
  const kind = valueKind(field, op);
  if (kind === 'options') return [];
  if (kind === 'none' || kind === 'number') return null;
  return '';
}

/** A readable Chinese summary of a condition for the branch cards, e.g. "申请账号数 大于 3 且 单位层级 属于 省级、市级". */
export function describeCondition(condition: Condition, fields: readonly FormField[]): string {
  const parts = condition.rules.map((rule) => {
    const field = fields.find((f) => f.key === rule.field);
    const label = field?.label ?? rule.field;
    const optionLabel = (v: string) => field?.options?.find((o) => o.value === v)?.label ?? v;
    const v = rule.value;
    const value = Array.isArray(v) ? v.map(optionLabel).join('、') : typeof v === 'string' ? optionLabel(v) : v === null ? '' : String(v);
    return `${label} ${OPERATOR_LABELS[rule.op]}${value === '' ? '' : ` ${value}`}`;
  });
  return parts.join(condition.join === 'all' ? ' 且 ' : ' 或 ');
}
