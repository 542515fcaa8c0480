import type { Db } from '../db/connection.js';
import { findRoleIdsByCode } from '../platform/access/role.repository.js';
import { hashPassword } from '../platform/crypto/crypto.service.js';

export const DEMO_PASSWORD = 'Steward@2026';

export interface DemoAccount {
  username: string;
  displayName: string;
  role: string;
  unitId: number;
  personId?: number;
}

/** Demo accounts (is_demo): they exist only while demo mode is on and skip forced change and TOTP then. */
export async function seedDemoAccounts(db: Db, accounts: DemoAccount[], iterations: number) {
  const roles = await findRoleIdsByCode(db);
  const hashes = await Promise.all(accounts.map(() => hashPassword(DEMO_PASSWORD, iterations)));
  await db.transaction().execute(async (tx) => {
    for (const [i, a] of accounts.entries()) {
      const role = roles.get(a.role);
      if (!role) throw new Error(`unknown role ${a.role}`);
      const u = await tx
        .insertInto('app_user')
        .values({
          username: a.username,
          display_name: a.displayName,
          unit_id: a.unitId,
          person_id: a.personId ?? null,
          password_hash: hashes[i]!,
          must_change_password: true,
          is_demo: true,
        })
        .onConflict((oc) => oc.column('username').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!u) continue;
      await tx.insertInto('password_history').values({ user_id: u.id, password_hash: hashes[i]! }).execute();
      await tx.insertInto('user_role').values({ user_id: u.id, role_id: role.id, admin_kind: role.admin_kind }).execute();
    }
  });
}
