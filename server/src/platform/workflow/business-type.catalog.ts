import { ESTATE_APPLICATION_TYPES } from '../../modules/estate/application.workflow.js';
import { FLEET_BUSINESS_TYPES } from '../../modules/fleet/request.workflow.js';
import { ACCOUNT_REQUEST } from '../identity/account-request.workflow.js';
import type { BusinessType } from './business-type.js';

/** Every approval business type of the product. A module adds its own here, like permissions and jobs. */
export function allBusinessTypes(): BusinessType[] {
  return [ACCOUNT_REQUEST, ...ESTATE_APPLICATION_TYPES, ...FLEET_BUSINESS_TYPES];
}
