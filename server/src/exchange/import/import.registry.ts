import { ESTATE_IMPORT_KINDS } from '../../modules/estate/space.import.js';
import { FLEET_COST_IMPORT_KINDS } from '../../modules/fleet/transaction.import.js';
import type { ImportKind } from './import.kind.js';

/**
 * Every import kind of the product, in one list (like the job catalog); modules add theirs here. The routes of each
 * module mount the import centre for its own kinds, under its own permission (see importCentreRoutes).
 */
export function allImportKinds(): ImportKind[] {
  return [...ESTATE_IMPORT_KINDS, ...FLEET_COST_IMPORT_KINDS];
}

export function findImportKind(code: string): ImportKind | undefined {
  return allImportKinds().find((k) => k.code === code);
}
