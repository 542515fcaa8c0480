import { readFileSync } from 'node:fs';
import { inspect, isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../src/seed/prng.js';
import { checkExpression, evaluate, evaluateCondition, ExpressionError, fieldsOf, parseExpression, type Expr } from '../src/platform/workflow/expression.js';

const ev = (src: string, form: unknown = {}) => evaluate(parseExpression(src), form);

const pick = <T>(rnd: () => number, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

function parseError(src: string): ExpressionError {
  try {
    parseExpression(src);
  } catch (e) {
    if (e instanceof ExpressionError) return e;
    throw e;
  }
  throw new Error(`expected ${JSON.stringify(src)} to be rejected`);
}

describe('expression: the examples', () => {
  const form = { amount: 8000, kind: 'car', level: 'county', flag: false, items: [1, 2, 3], reason: '因公紧急出行', x: '' };
  it.each([
    ['form.amount > 5000 && form.kind == "car"', true],
    ['amount >= 1000 and amount < 2e4', true],
    ['not (level in ["province", "city"])', true],
    ["level in ['province','city']", false],
    ['!flag', true],
    ['count(items) >= 3', true],
    ['contains(reason, "紧急")', true],
    ['empty(x)', true],
  ])('%s → %s', (src, want) => {
    expect(evaluateCondition(src, form)).toBe(want);
    expect(evaluateCondition(parseExpression(src), form)).toBe(want);
  });

  it('form.x and x are the same field; the AST is plain JSON', () => {
    expect(parseExpression('form.a.b')).toEqual(parseExpression('a.b'));
    expect(parseExpression('form.a.b')).toEqual({ type: 'field', path: ['a', 'b'] });
    const ast = parseExpression('not (level in ["province", "city"]) || count(items) * -2 > 1.5');
    expect(JSON.parse(JSON.stringify(ast))).toEqual(ast);
  });

  it('the implementation uses neither eval nor Function', () => {
    const src = readFileSync(new URL('../src/platform/workflow/expression.ts', import.meta.url), 'utf8');
    expect(src).not.toMatch(/\beval\s*\(|\bFunction\s*\(/);
  });
});

describe('expression: operators and precedence', () => {
  it.each([
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['10 - 2 - 3', 5],
    ['8 / 2 / 2', 2],
    ['-2 * 3', -6],
    ['- -4', 4],
    ['-(1 + 2)', -3],
    ['7 / 2', 3.5],
    ['1 == 1', true],
    ['1 != 1', false],
    ['1 < 2', true],
    ['2 <= 2', true],
    ['3 > 2', true],
    ['2 >= 3', false],
    ['"b" > "a"', true],
    ['"abc" <= "abd"', true],
    ['2 in [1, 2]', true],
    ['3 in [1, 2]', false],
    ['3 not in [1, 2]', true],
    ['"市" in "济南市"', true],
    ['true && false', false],
    ['true and true', true],
    ['false || true', true],
    ['false or false', false],
    ['!true', false],
    ['not false', true],
    ['!!1', true],
    ['1 + 1 == 2', true],
    ['1 + 2 in [3]', true],
  ])('%s → %j', (src, want) => {
    expect(ev(src)).toEqual(want);
  });

  it('|| binds looser than &&, which binds looser than not, which binds looser than comparisons', () => {
    const f = (n: string) => ({ type: 'field', path: [n] });
    expect(parseExpression('a || b && c')).toEqual({ type: 'or', left: f('a'), right: { type: 'and', left: f('b'), right: f('c') } });
    expect(parseExpression('a && b || c')).toEqual({ type: 'or', left: { type: 'and', left: f('a'), right: f('b') }, right: f('c') });
    expect(ev('true || true && false')).toBe(true);
    expect(ev('(true || true) && false')).toBe(false);
    expect(parseExpression('not a in b')).toEqual({ type: 'not', arg: { type: 'binary', op: 'in', left: f('a'), right: f('b') } });
    expect(parseExpression('!a == b')).toEqual(parseExpression('not (a == b)'));
    expect(parseExpression('!a && b')).toEqual({ type: 'and', left: { type: 'not', arg: f('a') }, right: f('b') });
    expect(parseExpression('a not in b')).toEqual(parseExpression('not a in b'));
    expect(parseExpression('-a * b')).toEqual({ type: 'binary', op: '*', left: { type: 'neg', arg: f('a') }, right: f('b') });
  });

  it('&& and || short-circuit and return booleans', () => {
    expect(ev('1 && "x"')).toBe(true);
    expect(ev('0 || null')).toBe(false);
    expect(ev('[1] || 0')).toBe(true);
    const seen: string[] = [];
    const form = new Proxy(
      { a: true, b: false },
      {
        getOwnPropertyDescriptor(target, key) {
          seen.push(String(key));
          return Reflect.getOwnPropertyDescriptor(target, key);
        },
      },
    );
    expect(evaluateCondition('b && a', form)).toBe(false);
    expect(evaluateCondition('a || b', form)).toBe(true);
    expect(seen).toEqual(['b', 'a']);
  });

  it('truthiness: false, null, 0, "" and [] are falsy, everything else truthy', () => {
    for (const falsy of ['false', 'null', '0', '""', '[]', 'missing', '0.0', '-0']) expect(evaluateCondition(falsy, {}), falsy).toBe(false);
    for (const truthy of ['true', '1', '-1', '"0"', '" "', '[0]', '[[]]', 'obj']) expect(evaluateCondition(truthy, { obj: {} }), truthy).toBe(true);
  });

  it('functions: count, contains, empty', () => {
    const form = { list: ['a', 'b', [1]], s: '紧急公务', n: 3, o: { a: 1 } };
    expect(ev('count(list)', form)).toBe(3);
    expect(ev('count(s)', form)).toBe(0);
    expect(ev('count(missing)', form)).toBe(0);
    expect(ev('count([1, 2])', form)).toBe(2);
    expect(ev('contains(list, "a")', form)).toBe(true);
    expect(ev('contains(list, [1])', form)).toBe(true);
    expect(ev('contains(list, "c")', form)).toBe(false);
    expect(ev('contains(s, "公务")', form)).toBe(true);
    expect(ev('contains(s, "私事")', form)).toBe(false);
    expect(ev('contains(n, 3)', form)).toBe(false);
    expect(ev('contains(s, 1)', form)).toBe(false);
    for (const e of ['null', 'missing', '""', '[]']) expect(ev(`empty(${e})`, form), e).toBe(true);
    for (const e of ['0', 'false', '" "', '[null]', 's', 'o']) expect(ev(`empty(${e})`, form), e).toBe(false);
  });
});

describe('expression: literals and fields', () => {
  it.each([
    ['42', 42],
    ['3.25', 3.25],
    ['2e4', 20000],
    ['1.5E-3', 0.0015],
    ['1e+2', 100],
    ['007', 7],
    ['"双引号"', '双引号'],
    ["'单引号'", '单引号'],
    ['"a\\"b\\\\c\\nd\\te"', 'a"b\\c\nd\te'],
    ["'it\\'s'", "it's"],
    ['"\\u4e2d\\/"', '中/'],
    ['true', true],
    ['false', false],
    ['null', null],
    ['[]', []],
    ['[1, "a", [true, null]]', [1, 'a', [true, null]]],
  ])('%s', (src, want) => {
    expect(ev(src)).toEqual(want);
  });

  it('Chinese field names and nested paths', () => {
    const form = { 金额: 150, 申请人: { 级别: '处级', 单位: { 名称: '济南市机关事务管理局' } }, a: { b: { c: 5 } }, _x1: 'ok' };
    expect(evaluateCondition('金额 > 100', form)).toBe(true);
    expect(evaluateCondition('form.金额 > 100 && 申请人.级别 == "处级"', form)).toBe(true);
    expect(ev('申请人.单位.名称', form)).toBe('济南市机关事务管理局');
    expect(ev('a.b.c * 2', form)).toBe(10);
    expect(ev('a.b', form)).toEqual({ c: 5 });
    expect(ev('a.b.c.d', form)).toBe(null);
    expect(ev('a.x.y', form)).toBe(null);
    expect(ev('_x1', form)).toBe('ok');
    expect(ev('form.in', { in: 1 })).toBe(1);
    expect(ev('form', { form: 'itself' })).toBe('itself');
    expect(ev('x', null)).toBe(null);
    expect(ev('x', 'not an object')).toBe(null);
    expect(ev('length', [1, 2])).toBe(null);
  });

  it('never reads prototype properties, getters or non-plain objects', () => {
    for (const key of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'constructor.name', 'toString.length']) {
      expect(ev(key, {}), key).toBe(null);
      expect(ev(`form.${key}`, { a: 1 }), key).toBe(null);
      expect(evaluateCondition(`empty(${key})`, {}), key).toBe(true);
    }
    expect(ev('__proto__', JSON.parse('{"__proto__": 7}'))).toBe(7);
    expect(ev('constructor', { constructor: 'own' })).toBe('own');
    expect(ev('a', Object.assign(Object.create(null) as object, { a: 1 }))).toBe(1);
    class Thing {
      a = 1;
    }
    expect(ev('a', new Thing())).toBe(null);
    expect(ev('x.a', { x: new Thing() })).toBe(null);
    expect(ev('d', { d: new Date() })).toBe(null);
    expect(ev('f', { f: () => 1 })).toBe(null);
    let called = false;
    const withGetter = Object.defineProperty({}, 'g', {
      get() {
        called = true;
        return 1;
      },
    });
    expect(ev('g', withGetter)).toBe(null);
    expect(called).toBe(false);
    expect(ev('n', { n: NaN })).toBe(null);
    expect(ev('n', { n: Infinity })).toBe(null);
  });

  it('type mismatches never throw: comparisons are false, arithmetic is null', () => {
    const form = { s: '10', n: 5, z: 0, nil: null, arr: [1, 2] };
    expect(ev('s > 5', form)).toBe(false);
    expect(ev('s < 5', form)).toBe(false);
    expect(ev('nil < 1', form)).toBe(false);
    expect(ev('nil >= nil', form)).toBe(false);
    expect(ev('missing <= 0', form)).toBe(false);
    expect(ev('true > false', form)).toBe(false);
    expect(ev('arr < [3]', form)).toBe(false);
    expect(ev('n + s', form)).toBe(null);
    expect(ev('"a" + "b"', form)).toBe(null);
    expect(ev('-s', form)).toBe(null);
    expect(ev('n / z', form)).toBe(null);
    expect(ev('n / z == null', form)).toBe(true);
    expect(ev('n / z > 0', form)).toBe(false);
    expect(ev('n / z < 0', form)).toBe(false);
    expect(ev('1e300 * 1e300', form)).toBe(null);
    expect(ev('missing == null', form)).toBe(true);
    expect(ev('missing != null', form)).toBe(false);
    expect(ev('n == "5"', form)).toBe(false);
    expect(ev('s == "10"', form)).toBe(true);
    expect(ev('arr == [1, 2]', form)).toBe(true);
    expect(ev('arr == [2, 1]', form)).toBe(false);
    expect(ev('arr != [1]', form)).toBe(true);
    expect(ev('[[1, "a"], null] == [[1, "a"], null]', form)).toBe(true);
    expect(ev('o == p', { o: { a: [1] }, p: { a: [1] } })).toBe(true);
    expect(ev('o == p', { o: { a: 1 }, p: { b: 1 } })).toBe(false);
    expect(ev('1 in 1', form)).toBe(false);
    expect(ev('1 in "1"', form)).toBe(false);
  });
});

describe('expression: errors', () => {
  it.each([
    ['(a', '第 3 个字符处缺少右括号', 2],
    ['((a + 1) * 2', '第 13 个字符处缺少右括号', 12],
    ['count(a', '第 8 个字符处缺少右括号', 7],
    ['[1, 2', '第 6 个字符处缺少右方括号', 5],
    ['a +', '第 4 个字符处表达式不完整', 3],
    ['', '第 1 个字符处表达式不完整', 0],
    ['a b', '第 3 个字符处有意外的“b”', 2],
    ['a)', '第 2 个字符处有意外的“)”', 1],
    ['a and or b', '第 7 个字符处有意外的“or”', 6],
    ['金额 >> 1', '第 5 个字符处有意外的“>”', 4],
    ['a = 1', '第 3 个字符处有无法识别的字符“=”，相等请用“==”', 2],
    ['a & b', '第 3 个字符处有无法识别的字符“&”，并且请用“&&”', 2],
    ['a @ b', '第 3 个字符处有无法识别的字符“@”', 2],
    ['x == 😀', '第 6 个字符处有无法识别的字符“😀”', 5],
    ['"abc', '第 1 个字符处的字符串缺少结束引号', 0],
    ["x == 'abc\\", '第 6 个字符处的字符串缺少结束引号', 5],
    ["'\\q'", '第 2 个字符处有无效的转义序列“\\q”', 1],
    ['1e999', '第 1 个字符处的数字超出范围', 0],
    ['a > 12abc', '第 5 个字符处的数字格式不正确', 4],
    ['1.2.3', '第 1 个字符处的数字格式不正确', 0],
    ['a.', '第 3 个字符处“.”后应为字段名', 2],
    ['a.1', '第 3 个字符处“.”后应为字段名', 2],
    ['a < b < c', '第 7 个字符处不能连用比较运算符，请加括号', 6],
    ['[1,]', '第 4 个字符处有意外的“]”', 3],
    ['foo(1)', '未知函数：foo', 0],
    ['x > 1 && form.len(x)', '未知函数：form.len', 9],
    ['count(1, 2)', '函数 count 需要 1 个参数', 0],
    ['contains(a)', '函数 contains 需要 2 个参数', 0],
  ])('%j → %s', (src, message, position) => {
    const e = parseError(src);
    expect(e.message).toBe(message);
    expect(e.position).toBe(position);
    expect(e.name).toBe('ExpressionError');
    expect(checkExpression(src)).toEqual({ ok: false, message, position });
  });

  it('evaluateCondition throws ExpressionError on a malformed source', () => {
    expect(() => evaluateCondition('a >', {})).toThrow(ExpressionError);
  });
});

describe('expression: limits', () => {
  it('10,000 levels of nesting throw ExpressionError, not a stack overflow', () => {
    expect(parseError(`${'('.repeat(10_000)}x${')'.repeat(10_000)}`)).toBeInstanceOf(ExpressionError);
    for (const prefix of ['(', '!', '-', 'not ', '[', 'count(']) {
      const n = Math.floor(1990 / prefix.length);
      const e = parseError(`${prefix.repeat(n)}x`);
      expect(e.message, prefix).toMatch(/嵌套过深（最多 50 层）/);
    }
  });

  it('accepts nesting up to the limit', () => {
    expect(ev(`${'('.repeat(49)}1${')'.repeat(49)}`)).toBe(1);
    expect(ev(`${'!'.repeat(49)}1`)).toBe(false);
    expect(parseError(`${'('.repeat(51)}1${')'.repeat(51)}`).message).toMatch(/嵌套过深/);
  });

  it('rejects sources over 2,000 characters and ASTs over 500 nodes', () => {
    const e = parseError(`a == "${'x'.repeat(2994)}"`);
    expect(e.message).toBe('第 2001 个字符处超出长度限制（最多 2000 个字符）');
    expect(e.position).toBe(2000);
    expect(ev(`"${'x'.repeat(1998)}"`)).toHaveLength(1998);
    expect(parseError(`[${'1,'.repeat(600)}1]`).message).toMatch(/表达式过于复杂（最多 500 个节点）/);
    expect(parseError(`a${'+a'.repeat(600)}`).message).toMatch(/最多 500 个节点/);
    expect(ev(`0${'+1'.repeat(249)}`)).toBe(249);
  });
});

describe('expression: fieldsOf and checkExpression', () => {
  it('lists referenced field paths, sorted and unique, without "form."', () => {
    expect(fieldsOf(parseExpression('form.b + a + b + 金额 > count(c.d) && contains(form.c.d, e) || "a" == 1'))).toEqual(['a', 'b', 'c.d', 'e', '金额']);
    expect(fieldsOf(parseExpression('1 + 2'))).toEqual([]);
  });

  it('checks against known fields, reporting the first unknown one with its position', () => {
    expect(checkExpression('amount > 1 && kind == "car"', ['amount', 'kind', 'other'])).toEqual({ ok: true, fields: ['amount', 'kind'] });
    expect(checkExpression('amount > 1 && form.kinds == "car" && zz', ['amount', 'kind'])).toEqual({ ok: false, message: '未知字段：kinds', position: 14 });
    expect(checkExpression('申请人.级别 == "处级"', ['申请人'])).toEqual({ ok: true, fields: ['申请人.级别'] });
    expect(checkExpression('申请人 == null', ['申请人.级别'])).toEqual({ ok: false, message: '未知字段：申请人', position: 0 });
    expect(checkExpression('x', [])).toEqual({ ok: false, message: '未知字段：x', position: 0 });
    expect(checkExpression('x')).toEqual({ ok: true, fields: ['x'] });
  });
});

// ---- fuzzing -----------------------------------------------------------------------------------------------------

const FIELD_NAMES = ['a', 'b', 'c', '金额', '级别', 'form', 'in', '_x1', 'items', '__proto__', 'constructor'];

function randomValue(rnd: () => number, depth = 0): unknown {
  switch (Math.floor(rnd() * 10)) {
    case 0:
      return null;
    case 1:
      return rnd() < 0.5;
    case 2:
      return pick(rnd, [0, -0, 1, -1, 2.5, 1e300, -1e-300, 5000, Number.MAX_SAFE_INTEGER]);
    case 3:
      return Math.floor(rnd() * 20) - 5;
    case 4:
      return pick(rnd, ['', 'a', 'car', '紧急', '0', 'province', '\u0000', '💥']);
    case 5:
      return pick(rnd, [NaN, Infinity, undefined, () => 1, new Date(0), Symbol('s'), 10n]);
    case 6:
    case 7:
      return depth > 2 ? [] : Array.from({ length: Math.floor(rnd() * 4) }, () => randomValue(rnd, depth + 1));
    default:
      return depth > 2 ? {} : randomForm(rnd, depth + 1);
  }
}

function randomForm(rnd: () => number, depth = 0): Record<string, unknown> {
  const form: Record<string, unknown> = {};
  for (const key of FIELD_NAMES) if (rnd() < 0.5) Object.defineProperty(form, key, { value: randomValue(rnd, depth), enumerable: true });
  return form;
}

const ALPHABET = [
  ...FIELD_NAMES,
  'form.a', 'a.b', '.', '(', ')', '[', ']', ',', '&&', '||', '!', 'not', 'and', 'or', 'in', 'not in', '==', '!=', '<', '<=', '>', '>=', '+', '-', '*', '/',
  '0', '1', '2.5', '1e3', '1e999', '"x"', "'紧急'", '"\\n"', '"\\u4e2d"', 'true', 'false', 'null', 'count', 'contains', 'empty', 'foo',
  'count(', 'contains(', 'empty(', ' ', '  ', '"', "'", '\\', '=', '&', '|', '@', '\n', '\u3000',
];

const OPERANDS = [...FIELD_NAMES.filter((f) => f !== 'in' && f !== 'form'), 'form.a', 'a.b', 'form.金额', '0', '1', '2.5', '1e3', '"x"', "'紧急'", '""', 'true', 'false', 'null', '[]'];
const BINOPS = ['&&', '||', 'and', 'or', 'in', 'not in', '==', '!=', '<', '<=', '>', '>=', '+', '-', '*', '/'];

/** A mostly well-formed expression, so that plenty of inputs get past the parser to the evaluator. */
function grammarish(rnd: () => number, depth: number): string {
  const operand = (): string => {
    const r = rnd();
    if (depth <= 0 || r < 0.5) return pick(rnd, OPERANDS);
    if (r < 0.6) return `(${grammarish(rnd, depth - 1)})`;
    if (r < 0.7) return `${pick(rnd, ['!', 'not ', '-'])}${operand()}`;
    if (r < 0.8) return `[${grammarish(rnd, depth - 1)}, ${grammarish(rnd, depth - 1)}]`;
    if (r < 0.9) return `${pick(rnd, ['count', 'empty'])}(${grammarish(rnd, depth - 1)})`;
    return `contains(${grammarish(rnd, depth - 1)}, ${grammarish(rnd, depth - 1)})`;
  };
  let s = operand();
  while (rnd() < 0.5) s += ` ${pick(rnd, BINOPS)} ${operand()}`;
  return s;
}

function randomSource(rnd: () => number): string {
  if (rnd() < 0.5) {
    const s = grammarish(rnd, 3);
    if (rnd() < 0.7) return s;
    const at = Math.floor(rnd() * (s.length + 1)); // one random edit
    return s.slice(0, at) + (rnd() < 0.5 ? pick(rnd, ALPHABET) : '') + s.slice(at + Math.floor(rnd() * 3));
  }
  let s = '';
  const n = Math.floor(rnd() * 25);
  for (let i = 0; i < n; i++) {
    const r = rnd();
    if (r < 0.85) s += pick(rnd, ALPHABET) + (rnd() < 0.6 ? ' ' : '');
    else if (r < 0.93) s += String.fromCharCode(Math.floor(rnd() * 0x10000)); // includes lone surrogates
    else s += String.fromCodePoint(Math.floor(rnd() * 0x110000));
  }
  return s;
}

describe('expression: fuzzing', () => {
  it('parses 20,000 random strings into an Expr or an ExpressionError, and evaluation never throws', () => {
    const rnd = mulberry32(20261126);
    const problems: string[] = [];
    let parsed = 0;
    for (let i = 0; i < 20_000; i++) {
      const src = randomSource(rnd);
      let expr: Expr;
      try {
        expr = parseExpression(src);
      } catch (e) {
        if (!(e instanceof ExpressionError)) problems.push(`parse ${JSON.stringify(src)}: ${String(e)}`);
        else if (!(e.position >= 0 && e.position <= src.length)) problems.push(`position ${e.position} for ${JSON.stringify(src)}`);
        continue;
      }
      parsed++;
      try {
        if (!isDeepStrictEqual(JSON.parse(JSON.stringify(expr)), expr)) problems.push(`not JSON: ${JSON.stringify(src)}`);
        fieldsOf(expr);
        for (let k = 0; k < 3; k++) evaluateCondition(expr, randomForm(rnd));
        evaluate(expr, pick(rnd, [null, undefined, 1, 'x', [], [1, 2]]));
      } catch (e) {
        problems.push(`evaluate ${JSON.stringify(src)}: ${String(e)}`);
      }
    }
    expect(problems.slice(0, 10)).toEqual([]);
    expect(parsed).toBeGreaterThan(4000); // the fuzzer must reach the evaluator, not only the tokenizer
  });

  type Op = Extract<Expr, { type: 'binary' }>['op'];
  const OPS: Op[] = ['==', '!=', '<', '<=', '>', '>=', 'in', '+', '-', '*', '/'];
  const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'true', 'false', 'null', 'form']);

  function randomExpr(rnd: () => number, depth: number): Expr {
    const leaf = depth <= 0 || rnd() < 0.25;
    switch (Math.floor(rnd() * (leaf ? 3 : 9))) {
      case 0:
        return { type: 'literal', value: pick(rnd, [0, -0, 1, -3, 2.5, 1e21, 5e-7, -1e-10, 'a', '', "it's \"q\"", '\\', '紧急\n', '\ud800', true, false, null]) };
      case 1:
      case 2:
        return { type: 'field', path: Array.from({ length: 1 + Math.floor(rnd() * 2) }, () => pick(rnd, FIELD_NAMES)) };
      case 3:
        return { type: 'array', items: Array.from({ length: Math.floor(rnd() * 3) }, () => randomExpr(rnd, depth - 1)) };
      case 4:
        return { type: pick(rnd, ['not', 'neg'] as const), arg: randomExpr(rnd, depth - 1) };
      case 5:
        return { type: pick(rnd, ['and', 'or'] as const), left: randomExpr(rnd, depth - 1), right: randomExpr(rnd, depth - 1) };
      case 6: {
        const name = pick(rnd, ['count', 'contains', 'empty'] as const);
        return { type: 'call', name, args: Array.from({ length: name === 'contains' ? 2 : 1 }, () => randomExpr(rnd, depth - 1)) };
      }
      default:
        return { type: 'binary', op: pick(rnd, OPS), left: randomExpr(rnd, depth - 1), right: randomExpr(rnd, depth - 1) };
    }
  }

  /** Fully parenthesised source for an AST; `words` picks `and`/`or`/`not` over `&&`/`||`/`!`. */
  function print(e: Expr, words: boolean): string {
    switch (e.type) {
      case 'literal':
        if (typeof e.value === 'number') return e.value < 0 || Object.is(e.value, -0) ? `(-${String(-e.value)})` : String(e.value);
        if (typeof e.value === 'string' && words) return `'${e.value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
        return JSON.stringify(e.value);
      case 'field':
        return KEYWORDS.has(e.path[0]!) || words ? `form.${e.path.join('.')}` : e.path.join('.');
      case 'array':
        return `[${e.items.map((x) => print(x, words)).join(', ')}]`;
      case 'not':
        if (e.arg.type === 'binary' && e.arg.op === 'in') return `(${print(e.arg.left, words)} not in ${print(e.arg.right, words)})`;
        return words ? `(not ${print(e.arg, words)})` : `(!${print(e.arg, words)})`;
      case 'neg':
        return `(-${print(e.arg, words)})`;
      case 'and':
      case 'or': {
        const op = words ? e.type : e.type === 'and' ? '&&' : '||';
        return `(${print(e.left, words)} ${op} ${print(e.right, words)})`;
      }
      case 'binary':
        return `(${print(e.left, words)} ${e.op} ${print(e.right, words)})`;
      case 'call':
        return `${e.name}(${e.args.map((x) => print(x, words)).join(', ')})`;
    }
  }

  it('parse(print(ast)) evaluates like the AST on random forms', () => {
    const rnd = mulberry32(4242);
    const problems: string[] = [];
    let checked = 0;
    for (let i = 0; i < 3000; i++) {
      const ast = randomExpr(rnd, 1 + Math.floor(rnd() * 5));
      const words = rnd() < 0.5;
      const src = print(ast, words);
      let back: Expr;
      try {
        back = parseExpression(src);
      } catch (e) {
        problems.push(`${src}: ${String(e)}`);
        continue;
      }
      if (print(back, words) !== src) problems.push(`not a fixpoint: ${src} → ${print(back, words)}`);
      for (let k = 0; k < 5; k++) {
        const form = randomForm(rnd);
        const want = evaluate(ast, form);
        const got = evaluate(back, form);
        if (!isDeepStrictEqual(got, want)) problems.push(`${src} on ${inspect(form)}: ${inspect(got)} ≠ ${inspect(want)}`);
        checked++;
      }
    }
    expect(problems.slice(0, 10)).toEqual([]);
    expect(checked).toBe(15_000);
  });
});
