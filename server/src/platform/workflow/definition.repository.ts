import { sql } from 'kysely';
import type { Db } from '../../db/connection.js';
import type { BusinessType } from './business-type.js';
import type { ProcessTree } from './definition.js';

export interface DefinitionRow {
  id: number;
  business_type: string;
  version: number | null;
  status: 'draft' | 'published' | 'retired';
  tree: ProcessTree;
  note: string;
  created_at: Date;
  published_at: Date | null;
  published_by_name: string | null;
}

/** Mirrors the business types declared in code; a type without a published process gets its default as version 1. */
export async function syncBusinessTypes(db: Db, types: BusinessType[]) {
  if (!types.length) return;
  await db.transaction().execute(async (tx) => {
    for (const t of types) {
      await tx
        .insertInto('wf_business_type')
        .values({ code: t.code, name: t.name, module: t.module })
        .onConflict((oc) => oc.column('code').doUpdateSet({ name: t.name, module: t.module, updated_at: sql`now()` }))
        .execute();
      const any = await tx.selectFrom('wf_definition').select('id').where('business_type', '=', t.code).where('status', '<>', 'draft').executeTakeFirst();
      if (!any)
        await tx
          .insertInto('wf_definition')
          .values({ business_type: t.code, version: 1, status: 'published', tree: JSON.stringify(t.defaultTree), note: '系统默认流程', published_at: sql`now()` })
          .execute();
    }
  });
}

const columns = [
  'd.id',
  'd.business_type',
  'd.version',
  'd.status',
  'd.tree',
  'd.note',
  'd.created_at',
  'd.published_at',
] as const;

function definitions(db: Db) {
  return db
    .selectFrom('wf_definition as d')
    .leftJoin('app_user as pu', 'pu.id', 'd.published_by')
    .select([...columns, 'pu.display_name as published_by_name']);
}

export async function findPublishedDefinition(db: Db, businessType: string): Promise<DefinitionRow | undefined> {
  return (await definitions(db).where('d.business_type', '=', businessType).where('d.status', '=', 'published').executeTakeFirst()) as unknown as
    | DefinitionRow
    | undefined;
}

export async function findDefinitionById(db: Db, id: number): Promise<DefinitionRow | undefined> {
  return (await definitions(db).where('d.id', '=', id).executeTakeFirst()) as unknown as DefinitionRow | undefined;
}

export async function findDraft(db: Db, businessType: string): Promise<DefinitionRow | undefined> {
  return (await definitions(db).where('d.business_type', '=', businessType).where('d.status', '=', 'draft').executeTakeFirst()) as unknown as
    | DefinitionRow
    | undefined;
}

export async function findVersions(db: Db, businessType: string): Promise<DefinitionRow[]> {
  return (await definitions(db)
    .where('d.business_type', '=', businessType)
    .where('d.status', '<>', 'draft')
    .orderBy('d.version', 'desc')
    .execute()) as unknown as DefinitionRow[];
}

/** Business types with their current version, running instance count and whether a draft waits. */
export async function findBusinessTypeSummaries(db: Db) {
  return db
    .selectFrom('wf_business_type as t')
    .leftJoin('wf_definition as d', (j) => j.onRef('d.business_type', '=', 't.code').on('d.status', '=', 'published'))
    .select([
      't.code',
      't.name',
      't.module',
      'd.version',
      'd.published_at',
      sql<boolean>`exists (select 1 from wf_definition x where x.business_type = t.code and x.status = 'draft')`.as('has_draft'),
      sql<number>`(select count(*)::int from wf_instance i where i.business_type = t.code and i.status = 'running')`.as('running'),
    ])
    .orderBy('t.code')
    .execute();
}

export async function saveDraft(tx: Db, businessType: string, tree: ProcessTree, note: string, userId: number): Promise<number> {
  const r = await tx
    .insertInto('wf_definition')
    .values({ business_type: businessType, status: 'draft', tree: JSON.stringify(tree), note, created_by: userId })
    .onConflict((oc) =>
      oc.column('business_type').where('status', '=', 'draft').doUpdateSet({ tree: JSON.stringify(tree), note, created_by: userId, created_at: sql`now()` }),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function deleteDraft(tx: Db, businessType: string) {
  await tx.deleteFrom('wf_definition').where('business_type', '=', businessType).where('status', '=', 'draft').execute();
}

/** The draft becomes the next version; the previous one retires. Running instances keep theirs (by id). */
export async function publishDraft(tx: Db, businessType: string, userId: number): Promise<{ id: number; version: number } | undefined> {
  const draft = await tx
    .selectFrom('wf_definition')
    .select('id')
    .where('business_type', '=', businessType)
    .where('status', '=', 'draft')
    .forUpdate()
    .executeTakeFirst();
  if (!draft) return undefined;
  const { v } = await tx
    .selectFrom('wf_definition')
    .select(sql<number>`coalesce(max(version), 0) + 1`.as('v'))
    .where('business_type', '=', businessType)
    .executeTakeFirstOrThrow();
  await tx.updateTable('wf_definition').set({ status: 'retired' }).where('business_type', '=', businessType).where('status', '=', 'published').execute();
  await tx
    .updateTable('wf_definition')
    .set({ status: 'published', version: v, published_at: sql`now()`, published_by: userId })
    .where('id', '=', draft.id)
    .execute();
  return { id: draft.id, version: v };
}
