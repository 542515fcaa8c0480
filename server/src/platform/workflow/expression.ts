/**
 * Condition expressions for approval-flow branches (审批流程条件分支): a small, safe language over a JSON form.
 * Hand-written tokenizer + recursive-descent parser; nothing is ever passed to eval/Function.
 *
 *   expr    := and (("||" | "or") and)*
 *   and     := not (("&&" | "and") not)*
 *   not     := ("!" | "not") not | cmp                      -- binds looser than comparisons: `not a in b` = `not (a in b)`
 *   cmp     := sum [cmpop sum]                              -- cmpop: == != < <= > >= in, "not in"; not chainable
 *   sum     := term (("+" | "-") term)*
 *   term    := unary (("*" | "/") unary)*
 *   unary   := "-" unary | primary
 *   primary := number | string | "true" | "false" | "null" | "(" expr ")" | "[" [expr ("," expr)*] "]"
 *            | fn "(" [expr ("," expr)*] ")"                -- fn: count(x) · contains(a, b) · empty(x)
 *            | word ("." word)*                             -- field path; a leading "form." is dropped
 *   number  := digits ["." digits] [("e" | "E") ["+" | "-"] digits]      string := '…' | "…" with \ escapes
 *   word    := (letter | "_") (letter | mark | digit | "_")*             -- Unicode, so `金额` is a field
 *
 * Evaluation never throws: type mismatches give false (comparisons) or null (arithmetic), missing fields are null,
 * and only own data properties of plain objects are read.
 */

type Literal = string | number | boolean | null;
type BinaryOp = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | '+' | '-' | '*' | '/';
type FunctionName = 'count' | 'contains' | 'empty';

export type Expr =
  | { type: 'literal'; value: Literal }
  | { type: 'array'; items: Expr[] }
  | { type: 'field'; path: string[] }
  | { type: 'not' | 'neg'; arg: Expr }
  | { type: 'and' | 'or'; left: Expr; right: Expr }
  | { type: 'binary'; op: BinaryOp; left: Expr; right: Expr }
  | { type: 'call'; name: FunctionName; args: Expr[] };

export class ExpressionError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
    this.name = 'ExpressionError';
  }
}

const MAX_LENGTH = 2000;
const MAX_DEPTH = 50;
const MAX_NODES = 500;
const FUNCTIONS = new Map<string, number>([['count', 1], ['contains', 2], ['empty', 1]]);
const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'true', 'false', 'null']);
const PUNCT = ['||', '&&', '==', '!=', '<=', '>=', '<', '>', '!', '+', '-', '*', '/', '(', ')', '[', ']', ',', '.'];
const CMP_OPS = new Set(['==', '!=', '<', '<=', '>', '>=']);
const ESCAPES = new Map([['n', '\n'], ['t', '\t'], ['r', '\r'], ['b', '\b'], ['f', '\f'], ['v', '\v'], ['0', '\0'], ['\\', '\\'], ["'", "'"], ['"', '"'], ['/', '/']]);
const WORD = /[\p{L}_][\p{L}\p{M}\p{N}_]*/uy;
const NUMBER = /\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WORD_CHAR = /[\p{L}\p{M}\p{N}_.]/u;

interface Token {
  kind: 'num' | 'str' | 'word' | 'punct' | 'end';
  text: string;
  value: Literal;
  pos: number;
}

function fail(pos: number, message: string): never {
  throw new ExpressionError(`第 ${pos + 1} 个字符处${message}`, pos);
}

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    NUMBER.lastIndex = WORD.lastIndex = i;
    let m: RegExpExecArray | null;
    if ((m = NUMBER.exec(src))) {
      const value = Number(m[0]);
      i += m[0].length;
      if (i < src.length && WORD_CHAR.test(String.fromCodePoint(src.codePointAt(i)!))) fail(start, '的数字格式不正确');
      if (!Number.isFinite(value)) fail(start, '的数字超出范围');
      tokens.push({ kind: 'num', text: m[0], value, pos: start });
    } else if ((m = WORD.exec(src))) {
      i += m[0].length;
      tokens.push({ kind: 'word', text: m[0], value: m[0], pos: start });
    } else if (c === '"' || c === "'") {
      let value = '';
      for (i++; src[i] !== c; ) {
        const ch = src[i];
        if (ch === undefined) fail(start, '的字符串缺少结束引号');
        if (ch !== '\\') {
          value += ch;
          i++;
          continue;
        }
        const e = src[i + 1] ?? fail(start, '的字符串缺少结束引号');
        const hex = src.slice(i + 2, i + 6);
        if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(hex)) {
          value += String.fromCharCode(parseInt(hex, 16));
          i += 6;
        } else {
          value += ESCAPES.get(e) ?? fail(i, `有无效的转义序列“\\${e}”`);
          i += 2;
        }
      }
      i++;
      tokens.push({ kind: 'str', text: src.slice(start, i), value, pos: start });
    } else {
      const p = PUNCT.find((op) => src.startsWith(op, i));
      if (p === undefined) {
        const hint = c === '=' ? '，相等请用“==”' : c === '&' ? '，并且请用“&&”' : c === '|' ? '，或者请用“||”' : '';
        fail(start, `有无法识别的字符“${String.fromCodePoint(src.codePointAt(i)!)}”${hint}`);
      }
      i += p.length;
      tokens.push({ kind: 'punct', text: p, value: p, pos: start });
    }
  }
  tokens.push({ kind: 'end', text: '', value: null, pos: src.length });
  return tokens;
}

class Parser {
  private i = 0;
  private depth = 0;
  private nodes = 0;
  /** first source position of each field path, for checkExpression's messages */
  readonly fieldPositions = new Map<string, number>();

  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.i]!;
  }
  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'end') this.i++;
    return t;
  }
  private isPunct(text: string): boolean {
    const t = this.peek();
    return t.kind === 'punct' && t.text === text;
  }
  private isWord(text: string, offset = 0): boolean {
    const t = this.tokens[this.i + offset];
    return t?.kind === 'word' && t.text === text;
  }
  private unexpected(t: Token): never {
    return t.kind === 'end' ? fail(t.pos, '表达式不完整') : fail(t.pos, `有意外的“${t.text}”`);
  }
  private node<T extends Expr>(e: T, pos: number): T {
    if (++this.nodes > MAX_NODES) fail(pos, `表达式过于复杂（最多 ${MAX_NODES} 个节点）`);
    return e;
  }
  private nested<T>(pos: number, f: () => T): T {
    if (++this.depth > MAX_DEPTH) fail(pos, `嵌套过深（最多 ${MAX_DEPTH} 层）`);
    const r = f();
    this.depth--;
    return r;
  }

  parse(): Expr {
    const e = this.parseOr();
    const t = this.peek();
    if (t.kind !== 'end') this.unexpected(t);
    return e;
  }

  private parseOr(): Expr {
    return this.nested(this.peek().pos, () => {
      let left = this.parseAnd();
      while (this.isPunct('||') || this.isWord('or')) {
        const pos = this.next().pos;
        left = this.node({ type: 'or', left, right: this.parseAnd() }, pos);
      }
      return left;
    });
  }
  private parseAnd(): Expr {
    let left = this.parseNot();
    while (this.isPunct('&&') || this.isWord('and')) {
      const pos = this.next().pos;
      left = this.node({ type: 'and', left, right: this.parseNot() }, pos);
    }
    return left;
  }
  private parseNot(): Expr {
    if (!this.isPunct('!') && !this.isWord('not')) return this.parseCmp();
    const pos = this.next().pos;
    return this.nested(pos, () => this.node({ type: 'not', arg: this.parseNot() }, pos));
  }
  private cmpOp(): BinaryOp | 'not in' | undefined {
    const t = this.peek();
    if (t.kind === 'punct' && CMP_OPS.has(t.text)) return t.text as BinaryOp;
    if (this.isWord('in')) return 'in';
    return this.isWord('not') && this.isWord('in', 1) ? 'not in' : undefined;
  }
  private parseCmp(): Expr {
    const left = this.parseSum();
    const op = this.cmpOp();
    if (op === undefined) return left;
    const pos = this.next().pos;
    if (op === 'not in') this.next();
    const cmp = this.node({ type: 'binary', op: op === 'not in' ? 'in' : op, left, right: this.parseSum() }, pos);
    if (this.cmpOp() !== undefined) fail(this.peek().pos, '不能连用比较运算符，请加括号');
    return op === 'not in' ? this.node({ type: 'not', arg: cmp }, pos) : cmp;
  }
  private parseSum(): Expr {
    let left = this.parseTerm();
    while (this.isPunct('+') || this.isPunct('-')) {
      const t = this.next();
      left = this.node({ type: 'binary', op: t.text as BinaryOp, left, right: this.parseTerm() }, t.pos);
    }
    return left;
  }
  private parseTerm(): Expr {
    let left = this.parseUnary();
    while (this.isPunct('*') || this.isPunct('/')) {
      const t = this.next();
      left = this.node({ type: 'binary', op: t.text as BinaryOp, left, right: this.parseUnary() }, t.pos);
    }
    return left;
  }
  private parseUnary(): Expr {
    if (!this.isPunct('-')) return this.parsePrimary();
    const pos = this.next().pos;
    return this.nested(pos, () => this.node({ type: 'neg', arg: this.parseUnary() }, pos));
  }
  private parseList(close: string, missing: string): Expr[] {
    const items: Expr[] = [];
    if (this.isPunct(close)) {
      this.next();
      return items;
    }
    for (;;) {
      items.push(this.parseOr());
      if (this.isPunct(',')) this.next();
      else if (this.isPunct(close)) break;
      else fail(this.peek().pos, missing);
    }
    this.next();
    return items;
  }
  private parsePrimary(): Expr {
    const t = this.next();
    if (t.kind === 'num' || t.kind === 'str') return this.node({ type: 'literal', value: t.value }, t.pos);
    if (t.kind === 'punct' && t.text === '(') {
      const e = this.parseOr();
      if (!this.isPunct(')')) fail(this.peek().pos, '缺少右括号');
      this.next();
      return e;
    }
    if (t.kind === 'punct' && t.text === '[') {
      const items = this.nested(t.pos, () => this.parseList(']', '缺少右方括号'));
      return this.node({ type: 'array', items }, t.pos);
    }
    if (t.kind !== 'word') return this.unexpected(t);
    if (t.text === 'true' || t.text === 'false') return this.node({ type: 'literal', value: t.text === 'true' }, t.pos);
    if (t.text === 'null') return this.node({ type: 'literal', value: null }, t.pos);
    if (KEYWORDS.has(t.text)) return this.unexpected(t);
    const path = [t.text];
    while (this.isPunct('.')) {
      this.next();
      const seg = this.next();
      if (seg.kind !== 'word') fail(seg.pos, '“.”后应为字段名');
      path.push(seg.text);
    }
    if (this.isPunct('(')) {
      const name = path.join('.');
      const arity = FUNCTIONS.get(name);
      if (arity === undefined) throw new ExpressionError(`未知函数：${name}`, t.pos);
      this.next();
      const args = this.nested(t.pos, () => this.parseList(')', '缺少右括号'));
      if (args.length !== arity) throw new ExpressionError(`函数 ${name} 需要 ${arity} 个参数`, t.pos);
      return this.node({ type: 'call', name: name as FunctionName, args }, t.pos);
    }
    if (path[0] === 'form' && path.length > 1) path.shift();
    const key = path.join('.');
    if (!this.fieldPositions.has(key)) this.fieldPositions.set(key, t.pos);
    return this.node({ type: 'field', path }, t.pos);
  }
}

function parse(source: string): { expr: Expr; fieldPositions: Map<string, number> } {
  if (source.length > MAX_LENGTH) fail(MAX_LENGTH, `超出长度限制（最多 ${MAX_LENGTH} 个字符）`);
  const parser = new Parser(tokenize(source));
  return { expr: parser.parse(), fieldPositions: parser.fieldPositions };
}

export function parseExpression(source: string): Expr {
  return parse(source).expr;
}

// ---- evaluation ------------------------------------------------------------------------------------------------

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function lookup(form: unknown, path: string[]): unknown {
  let cur = form;
  for (const key of path) {
    if (!isPlainObject(cur)) return null;
    const d = Object.getOwnPropertyDescriptor(cur, key);
    if (d === undefined || !('value' in d)) return null;
    cur = d.value;
  }
  if (typeof cur === 'number') return Number.isFinite(cur) ? cur : null;
  if (typeof cur === 'string' || typeof cur === 'boolean' || Array.isArray(cur) || isPlainObject(cur)) return cur;
  return null;
}

function truthy(v: unknown): boolean {
  if (Array.isArray(v)) return v.length > 0;
  return v !== false && v !== null && v !== undefined && v !== 0 && v !== '' && !Number.isNaN(v);
}

function equal(a: unknown, b: unknown, depth = 0): boolean {
  if ((a ?? null) === (b ?? null)) return true;
  if (depth > 100) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equal(x, b[i], depth + 1));
  if (!isPlainObject(a) || !isPlainObject(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && equal(a[k], b[k], depth + 1));
}

function member(item: unknown, collection: unknown): boolean {
  if (Array.isArray(collection)) return collection.some((x) => equal(item, x));
  return typeof item === 'string' && typeof collection === 'string' && collection.includes(item);
}

function binary(op: BinaryOp, a: unknown, b: unknown): unknown {
  switch (op) {
    case '==':
      return equal(a, b);
    case '!=':
      return !equal(a, b);
    case 'in':
      return member(a, b);
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const ok = (typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string');
      if (!ok) return false;
      const [x, y] = [a, b] as [number, number];
      return op === '<' ? x < y : op === '<=' ? x <= y : op === '>' ? x > y : x >= y;
    }
    default: {
      if (typeof a !== 'number' || typeof b !== 'number') return null;
      if (op === '/' && b === 0) return null;
      const r = op === '+' ? a + b : op === '-' ? a - b : op === '*' ? a * b : a / b;
      return Number.isFinite(r) ? r : null;
    }
  }
}

export function evaluate(expr: Expr, form: unknown): unknown {
  switch (expr.type) {
    case 'literal':
      return expr.value;
    case 'array':
      return expr.items.map((e) => evaluate(e, form));
    case 'field':
      return lookup(form, expr.path);
    case 'not':
      return !truthy(evaluate(expr.arg, form));
    case 'neg': {
      const v = evaluate(expr.arg, form);
      return typeof v === 'number' ? -v : null;
    }
    case 'and':
      return truthy(evaluate(expr.left, form)) && truthy(evaluate(expr.right, form));
    case 'or':
      return truthy(evaluate(expr.left, form)) || truthy(evaluate(expr.right, form));
    case 'binary':
      return binary(expr.op, evaluate(expr.left, form), evaluate(expr.right, form));
    case 'call': {
      const args = expr.args.map((e) => evaluate(e, form));
      if (expr.name === 'count') return Array.isArray(args[0]) ? args[0].length : 0;
      if (expr.name === 'contains') return member(args[1], args[0]);
      const v = args[0];
      return v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
    }
    default:
      throw new ExpressionError(`无效的表达式节点：${JSON.stringify((expr as { type?: unknown }).type)}`, 0);
  }
}

export function evaluateCondition(source: string | Expr, form: unknown): boolean {
  return truthy(evaluate(typeof source === 'string' ? parseExpression(source) : source, form));
}

export function fieldsOf(expr: Expr): string[] {
  const out = new Set<string>();
  const walk = (e: Expr): void => {
    if (e.type === 'field') out.add(e.path.join('.'));
    else if (e.type === 'array') e.items.forEach(walk);
    else if (e.type === 'call') e.args.forEach(walk);
    else if ('arg' in e) walk(e.arg);
    else if ('left' in e) [e.left, e.right].forEach(walk);
  };
  walk(expr);
  return [...out].sort();
}

/** Parse and, when `knownFields` is given, reject unknown fields (a known `a` also admits `a.b`). Never throws. */
export function checkExpression(
  source: string,
  knownFields?: string[],
): { ok: true; fields: string[] } | { ok: false; message: string; position: number } {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(source);
  } catch (e) {
    if (e instanceof ExpressionError) return { ok: false, message: e.message, position: e.position };
    throw e;
  }
  if (knownFields) {
    const known = new Set(knownFields);
    for (const [field, position] of parsed.fieldPositions) {
      const segs = field.split('.');
      if (!segs.some((_, i) => known.has(segs.slice(0, i + 1).join('.')))) return { ok: false, message: `未知字段：${field}`, position };
    }
  }
  return { ok: true, fields: fieldsOf(parsed.expr) };
}
