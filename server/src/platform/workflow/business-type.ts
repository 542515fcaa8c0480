import type { Db } from '../../db/connection.js';
import type { Platform } from '../context.js';
import type { FormField, ProcessTree } from './definition.js';

export interface InstanceRef {
  id: number;
  businessType: string;
  businessKey: string;
  form: Record<string, unknown>;
  starterId: number;
  unitId: number;
}

/** What a handler gets: it runs inside the transaction that decides the approval, so both commit or neither. */
export interface DecisionContext {
  tx: Db;
  platform: Platform;
  instance: InstanceRef;
  /** who made the final decision; null for the system (timeout, every node skipped) */
  actorId: number | null;
  outcome: 'approved' | 'rejected' | 'withdrawn' | 'cancelled';
}

/**
 * A business type is how a module binds to the engine: the form fields conditions may test, the process used
 * until someone publishes another, and what happens to the business record when the approval ends.
 */
export interface BusinessType {
  code: string;
  name: string;
  module: string;
  fields: FormField[];
  defaultTree: ProcessTree;
  /** a path inside the app that shows the business record */
  link?: (businessKey: string) => string;
  onApproved?: (ctx: DecisionContext) => Promise<void>;
  onRejected?: (ctx: DecisionContext) => Promise<void>;
  /** withdrawn by the starter or cancelled */
  onCancelled?: (ctx: DecisionContext) => Promise<void>;
}

export function defineBusinessType(t: BusinessType): BusinessType {
  if (!/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/.test(t.code)) throw new Error(`bad business type code ${t.code}`);
  return t;
}
