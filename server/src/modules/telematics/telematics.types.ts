import type { Db } from '../../db/connection.js';
import type { Platform } from '../../platform/context.js';
import type { SettingValues } from '../../platform/settings/settings.catalog.js';

/** One committed fix of a vehicle, as handed to the live hooks (alerts) after its batch is durable. */
export interface LivePoint {
  vehicleId: number;
  /** the vehicle's unit (org id) at ingest time */
  unitId: number;
  fixTime: Date;
  /** 1e-6 degrees, signed (south / west negative), WGS-84 as received */
  lat: number;
  lon: number;
  /** 0.1 km/h */
  speed: number;
  /** degrees 0–360 */
  direction: number;
  /** JT/T 808 alarm DWORD as int32 */
  alarm: number;
  /** JT/T 808 status DWORD as int32 (bit 0 ACC on, bit 1 fixed) */
  status: number;
  /** 0.1 km (item 0x01), when reported */
  odometer?: number;
  /** from a 0x0704 back-fill batch or arrived late; live hooks never receive these */
  backfill: boolean;
}

/** A telematics trip that the detector closed and that is committed in fleet_trip (source 'telematics'). */
export interface ClosedTrip {
  /** fleet_trip.id */
  id: number;
  vehicleId: number;
  unitId: number;
  dispatchId: number | null;
  startedAt: Date;
  endedAt: Date;
  km: number;
  /** 1e-6 degrees */
  startLat: number;
  startLon: number;
  endLat: number;
  endLon: number;
  /** 0.1 km/h */
  maxSpeed: number;
  points: number;
}

/** What the telematics hooks get: the platform, a database handle to use, the settings of the batch and its clock. */
export interface TelematicsContext {
  p: Platform;
  db: Db;
  settings: SettingValues;
  now: Date;
}
