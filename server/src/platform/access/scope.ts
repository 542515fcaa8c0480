import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';

/**
 * A caller's data scope, computed once per request from all their roles (the union).
 * `all` sees everything; otherwise the lists name the subtrees and rows visible. All lists empty = nothing.
 */
export interface DataScope {
  all: boolean;
  orgPaths: string[]; // org subtrees (unit and below, custom org nodes)
  regionPaths: string[]; // region subtrees (本地区及以下, custom regions)
  unitIds: number[]; // exactly these units (本单位), including their departments
  personIds: number[]; // 仅本人
}

export const EMPTY_SCOPE: DataScope = { all: false, orgPaths: [], regionPaths: [], unitIds: [], personIds: [] };

export function isEmptyScope(s: DataScope): boolean {
  return !s.all && !s.orgPaths.length && !s.regionPaths.length && !s.unitIds.length && !s.personIds.length;
}

/** Column references of the row being scoped. Any may be omitted when the table has no such column. */
export interface ScopeColumns {
  orgPath?: string;
  regionPath?: string;
  unitId?: string;
  personId?: string;
}

/**
 * The one place where data scope becomes SQL. Unknown or empty scope yields `false`, never everything.
 */
export function scopeFilter<DB, TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>,
  scope: DataScope,
  cols: ScopeColumns,
): Expression<SqlBool> {
  if (scope.all) return sql<SqlBool>`true`;
  const ors: Expression<SqlBool>[] = [];
  const ref = (c: string) => sql.ref(c);
  // One `<@` per path: `ltree <@ ltree` can use the GiST index, `ltree <@ ltree[]` cannot.
  if (cols.orgPath) for (const p of scope.orgPaths) ors.push(sql<SqlBool>`${ref(cols.orgPath)} <@ ${p}::ltree`);
  if (cols.regionPath) for (const p of scope.regionPaths) ors.push(sql<SqlBool>`${ref(cols.regionPath)} <@ ${p}::ltree`);
  if (cols.unitId && scope.unitIds.length) ors.push(sql<SqlBool>`${ref(cols.unitId)} = any(${scope.unitIds}::int[])`);
  if (cols.personId && scope.personIds.length) ors.push(sql<SqlBool>`${ref(cols.personId)} = any(${scope.personIds}::int[])`);
  if (!ors.length) return sql<SqlBool>`false`;
  return eb.or(ors);
}

/** The ltree path of a GB/T 2260 code, as the SQL function region_code_path computes it. */
export function regionCodePath(code: string): string {
  return [2, 4, 6, 9].filter((n) => code.length >= n).map((n) => code.slice(0, n)).join('.');
}

/** Is the region with this code inside one of these region subtrees? */
export function regionWithin(code: string, roots: string[]): boolean {
  const p = regionCodePath(code);
  return roots.some((r) => p === r || p.startsWith(`${r}.`));
}

const within = (path: string | null | undefined, root: string) => !!path && (path === root || path.startsWith(`${root}.`));

/** Would a row with these scope columns be visible to the scope? The same rule as `scopeFilter`, for rows in memory (imports). */
export function visibleIn(scope: DataScope, o: { orgPath?: string | null; regionPath?: string | null; unitId?: number | null }): boolean {
  if (scope.all) return true;
  if (scope.orgPaths.some((p) => within(o.orgPath, p))) return true;
  if (scope.regionPaths.some((p) => within(o.regionPath, p))) return true;
  return o.unitId !== null && o.unitId !== undefined && scope.unitIds.includes(o.unitId);
}
