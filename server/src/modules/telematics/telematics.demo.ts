import type { Db } from '../../db/connection.js';
import { PROVINCE_CODE } from './geofence.geometry.js';
import { findGeofenceByName, findProvinceRootUnit, insertGeofence } from './geofence.repository.js';

export const PROVINCE_FENCE_NAME = '山东省行政区域（省外行驶报警）';

/**
 * The telematics demo data of the alerts part: the province boundary as a stay-inside geofence of the province's
 * 机关事务管理局 applying to its whole region, so that every official car leaving Shandong raises 区域违规. Safe to run again.
 */
export async function seedTelematicsDemo(db: Db): Promise<{ geofenceId: number | null }> {
  const root = await findProvinceRootUnit(db);
  if (!root) return { geofenceId: null };
  const known = await findGeofenceByName(db, root.id, PROVINCE_FENCE_NAME);
  if (known) return { geofenceId: known.id };
  const id = await insertGeofence(db, {
    name: PROVINCE_FENCE_NAME,
    shape: 'region',
    region_code: PROVINCE_CODE,
    geometry: null,
    rule: 'stay_inside',
    applies_to: 'region',
    unit_id: root.id,
    created_by: null,
  });
  return { geofenceId: id };
}
