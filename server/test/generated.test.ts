import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ENGINE, useTestApp } from './helpers.js';
import { PG_BASE, TEMPLATE_DB } from './template.js';

const run = promisify(execFile);

/** Generated artefacts are committed; these fail when someone forgets to regenerate them. */
describe('generated artefacts are up to date', () => {
  const t = useTestApp();

  it('server/openapi.json matches the routes (regenerate: npx steward gen-openapi)', () => {
    const committed = JSON.parse(readFileSync('server/openapi.json', 'utf8'));
    expect(JSON.parse(JSON.stringify(t.app.swagger()))).toEqual(committed);
  });

  it('web/src/api/schema.d.ts matches server/openapi.json (regenerate: npm run gen -w web)', async () => {
    mkdirSync('.tmp', { recursive: true });
    const out = `.tmp/schema-${process.pid}.d.ts`;
    await run('npx', ['openapi-typescript', 'server/openapi.json', '-o', out]);
    expect(readFileSync(out, 'utf8')).toBe(readFileSync('web/src/api/schema.d.ts', 'utf8'));
  });

  it.runIf(ENGINE === 'postgres')('server/src/db/types.ts matches the migrations (regenerate: scripts/gen-db-types.sh)', async () => {
    const out = `.tmp/types-${process.pid}.ts`;
    await run('npx', ['kysely-codegen', '--dialect', 'postgres', '--url', `${PG_BASE}/${TEMPLATE_DB}`, '--out-file', out, '--exclude-pattern', 'schema_migration', '--type-mapping', '{"int8":"number"}']);
    expect(readFileSync(out, 'utf8')).toBe(readFileSync('server/src/db/types.ts', 'utf8'));
  });
});
