import type { BusinessType } from '../../platform/workflow/business-type.js';

/** Approval business types of the fleet module. */
export const FLEET_BUSINESS_TYPES: BusinessType[] = [];
