/**
 * Database constraints that users can run into, by constraint name: the stable code and the Chinese message the
 * edge sends instead of the generic one. Modules add their constraints here, like permissions and jobs.
 */
export const CONSTRAINT_MESSAGES: Record<string, [code: string, message: string, status: number]> = {
  estate_compound_code_key: ['DUPLICATE', '院落编号已存在', 409],
  estate_building_compound_id_code_key: ['DUPLICATE', '该院落内楼座编号已存在', 409],
  estate_room_building_id_room_no_key: ['DUPLICATE', '该楼座内房间号已存在', 409],
  estate_floor_in_building: ['FLOOR_OUT_OF_RANGE', '楼层超出楼座的地上/地下层数', 400],
  estate_building_check: ['AREA_INVALID', '使用面积不能大于建筑面积', 400],
  estate_room_check: ['AREA_INVALID', '房间使用面积不能大于建筑面积', 400],
  estate_room_check2: ['ROOM_STATUS', '闲置或已处置的房间不能有使用单位，在用房间必须有使用单位', 400],
  estate_occupancy_room_id_person_id_during_excl: ['OCCUPANCY_OVERLAP', '该人员在这段时间已分配到此房间', 409],
  estate_occupancy_person_id_during_excl: ['OCCUPANCY_OVERLAP', '该人员在这段时间已有主办公室，请先结束原分配或设为非主办公室', 409],
  estate_room_unit_id_unit_id_fkey: ['REFERENCE', '使用单位必须是单位（不能是内设机构）', 409],
  estate_room_department_id_unit_id_fkey: ['REFERENCE', '内设机构必须属于使用单位', 409],
  estate_compound_owner_unit_id_owner_unit_id_fkey: ['REFERENCE', '产权单位必须是单位（不能是内设机构）', 409],
  asset_card_transition: ['ASSET_STATE', '资产卡片当前状态不允许此操作', 409],
  asset_card_disposed_frozen: ['ASSET_STATE', '资产已处置核销，不能再变更', 409],
  estate_application_one_open: ['APPLICATION_OPEN', '该资产已有办理中的申请', 409],
  estate_application_room_claim: ['ROOM_CLAIMED', '所选房间已被其他调剂申请占用', 409],
};
