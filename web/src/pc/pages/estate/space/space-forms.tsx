// Forms of the space browser: compound (院落), building (楼座), room (房间), assigning an occupant and ending a use.
// Each saves through the generated client; server field errors land on the fields (saveForm).
import {
  ModalForm,
  ProForm,
  ProFormDatePicker,
  ProFormDependency,
  ProFormDigit,
  ProFormSelect,
  ProFormSwitch,
  ProFormText,
  ProFormTextArea,
} from '@ant-design/pro-components';
import { App, Col, Form, type FormInstance, type FormRule } from 'antd';
import dayjs from 'dayjs';
import { api, unwrap } from '../../../../api/client';
import type { ApiBody, ApiResponse } from '../../../../api/types';
import { PersonSelect } from '../../../components/person-select';
import { OrgTreeSelect, RegionTreeSelect } from '../../../components/tree-selects';
import { isApiError } from '../../../../api/errors';
import { saveForm } from '../../../form-errors';
import { floorLabel, roomStatusLabels } from './space-colors';
import { classOptionsOf, useDicts, type Building, type Compound, type GridRoom } from './space-data';

const blank = (v: string | null | undefined) => (v === undefined || v === null || v.trim() === '' ? null : v.trim());
const orNull = <T,>(v: T | null | undefined): T | null => (v === undefined ? null : v);
const today = () => dayjs().format('YYYY-MM-DD');

const modalProps = (onClose: () => void) => ({ onCancel: onClose, maskClosable: false, destroyOnHidden: true });

/** The usable area cannot exceed the gross area (when both are filled). */
const notAboveGross: FormRule = ({ getFieldValue }) => ({
  validator: (_: unknown, value: number | null | undefined) => {
    const gross = getFieldValue('grossArea') as number | null | undefined;
    return value !== undefined && value !== null && gross !== undefined && gross !== null && value > gross
      ? Promise.reject(new Error('使用面积不能大于建筑面积'))
      : Promise.resolve();
  },
});

/** Longitude and latitude come together. */
const latWithLng: FormRule = ({ getFieldValue }) => ({
  validator: (_: unknown, v: number | null | undefined) =>
    (v === null || v === undefined) !== ((getFieldValue('lng') as number | null | undefined) == null)
      ? Promise.reject(new Error('请同时填写经纬度'))
      : Promise.resolve(),
});

/** A room in use (or under repair, leased) has a using unit; an idle one has none — as the server checks. */
const unitMatchesStatus: FormRule = ({ getFieldValue }) => ({
  validator: (_: unknown, v: number | null | undefined) => {
    const idle = ['idle', 'disposed'].includes(getFieldValue('status') as string);
    if (idle && v) return Promise.reject(new Error('闲置房间请清空使用单位'));
    if (!idle && !v) return Promise.reject(new Error('在用、维修、租用的房间请选择使用单位'));
    return Promise.resolve();
  },
});

/** A date that cannot be before `from` (a field name, or a fixed day). */
const notBefore = (from: { field: string } | { day: string }): FormRule => ({ getFieldValue }) => ({
  validator: (_: unknown, value: string | null | undefined) => {
    const start = 'field' in from ? (getFieldValue(from.field) as string | undefined) : from.day;
    return value && start && dayjs(value).isBefore(dayjs(start)) ? Promise.reject(new Error('截止日期不能早于起始日期')) : Promise.resolve();
  },
});

/**
 * saveForm, and a business conflict without field details (e.g. the person already has a primary office) is also
 * shown under `field`, so the message stays next to the form after the toast is gone.
 */
async function saveFormNear<T>(form: FormInstance<T>, field: string, save: () => Promise<unknown>): Promise<boolean> {
  try {
    await save();
    return true;
  } catch (error) {
    if (isApiError(error) && error.details.length === 0 && error.status < 500) {
      form.setFields([{ name: field, errors: [error.message] }] as Parameters<FormInstance<T>['setFields']>[0]);
      return false;
    }
    return saveForm(form, () => Promise.reject(error));
  }
}

// ---------------------------------------------------------------------------------------------------- compound

type CompoundBody = ApiBody<'/api/estate/compounds', 'post'>;

export interface CompoundFormModalProps {
  row?: Compound;
  onClose: () => void;
  onSaved: (saved: Compound) => void;
}

export function CompoundFormModal({ row, onClose, onSaved }: CompoundFormModalProps) {
  const [form] = Form.useForm<CompoundBody>();
  const { message } = App.useApp();
  const save = async (v: CompoundBody) => {
    const body: CompoundBody = {
      code: v.code.trim().toUpperCase(),
      name: v.name.trim(),
      address: v.address.trim(),
      regionCode: v.regionCode,
      ownerUnitId: v.ownerUnitId,
      lng: orNull(v.lng),
      lat: orNull(v.lat),
      landArea: orNull(v.landArea),
      landCertNo: blank(v.landCertNo),
    };
    const saved = row
      ? await unwrap(api.PUT('/api/estate/compounds/{id}', { params: { path: { id: row.id } }, body }))
      : await unwrap(api.POST('/api/estate/compounds', { body }));
    message.success(row ? `已保存院落：${saved.name}` : `已新增院落：${saved.name}`);
    onSaved(saved);
  };
  return (
    <ModalForm<CompoundBody>
      title={row ? `编辑院落：${row.name}` : '新增院落'}
      open
      form={form}
      width={680}
      grid
      rowProps={{ gutter: 16 }}
      colProps={{ xs: 24, sm: 12 }}
      initialValues={row ?? {}}
      modalProps={modalProps(onClose)}
      onFinish={(values) => saveForm(form, () => save(values))}
    >
      <ProFormText
        name="code"
        label="院落编号"
        tooltip="大写字母、数字、连字符，3到32位，全省唯一"
        fieldProps={{ style: { textTransform: 'uppercase' }, maxLength: 32 }}
        rules={[
          { required: true, whitespace: true, message: '请输入院落编号' },
          { pattern: /^[A-Za-z0-9][A-Za-z0-9-]{2,31}$/, message: '院落编号为3到32位字母、数字或连字符' },
        ]}
      />
      <ProFormText
        name="name"
        label="院落名称"
        rules={[
          { required: true, whitespace: true, message: '请输入院落名称' },
          { min: 2, max: 100, message: '院落名称为2到100个字' },
        ]}
      />
      <ProFormText
        name="address"
        label="坐落地址"
        colProps={{ span: 24 }}
        rules={[
          { required: true, whitespace: true, message: '请输入坐落地址' },
          { min: 2, max: 200, message: '坐落地址为2到200个字' },
        ]}
      />
      <Col xs={24} sm={12}>
        <ProForm.Item name="regionCode" label="行政区划" tooltip="选到县（市、区）或乡镇（街道）" rules={[{ required: true, message: '请选择行政区划' }]}>
          <RegionTreeSelect initialLabel={row?.regionName} />
        </ProForm.Item>
      </Col>
      <Col xs={24} sm={12}>
        <ProForm.Item name="ownerUnitId" label="产权单位" rules={[{ required: true, message: '请选择产权单位' }]}>
          <OrgTreeSelect selectableKind="unit" initialLabel={row?.ownerUnitName} />
        </ProForm.Item>
      </Col>
      <ProFormDigit name="lng" label="经度" min={73} max={136} fieldProps={{ precision: 6, step: 0.000001 }} placeholder="如 117.000923" />
      <ProFormDigit
        name="lat"
        label="纬度"
        min={3}
        max={54}
        fieldProps={{ precision: 6, step: 0.000001 }}
        placeholder="如 36.675807"
        dependencies={['lng']}
        rules={[latWithLng]}
      />
      <ProFormDigit name="landArea" label="占地面积（m²）" min={0} max={100_000_000} fieldProps={{ precision: 2 }} />
      <ProFormText name="landCertNo" label="土地证号" rules={[{ min: 2, max: 60, message: '土地证号为2到60个字符' }]} />
    </ModalForm>
  );
}

// ---------------------------------------------------------------------------------------------------- building

type BuildingBody = ApiBody<'/api/estate/buildings', 'post'>;

export interface BuildingFormModalProps {
  compound: { id: number; name: string };
  row?: Building;
  onClose: () => void;
  onSaved: (saved: Building) => void;
}

export function BuildingFormModal({ compound, row, onClose, onSaved }: BuildingFormModalProps) {
  const [form] = Form.useForm<BuildingBody>();
  const { message } = App.useApp();
  const dicts = useDicts();
  const save = async (v: BuildingBody) => {
    const body: BuildingBody = {
      compoundId: compound.id,
      code: v.code.trim().toUpperCase(),
      name: v.name.trim(),
      structureCode: v.structureCode,
      buildYear: orNull(v.buildYear),
      floorsAbove: v.floorsAbove,
      floorsBelow: v.floorsBelow ?? 0,
      grossArea: v.grossArea,
      usableArea: v.usableArea,
      certNo: blank(v.certNo),
      bookValue: orNull(v.bookValue),
    };
    const saved = row
      ? await unwrap(api.PUT('/api/estate/buildings/{id}', { params: { path: { id: row.id } }, body }))
      : await unwrap(api.POST('/api/estate/buildings', { body }));
    message.success(row ? `已保存楼座：${saved.name}` : `已新增楼座：${saved.name}`);
    onSaved(saved);
  };
  return (
    <ModalForm<BuildingBody>
      title={row ? `编辑楼座：${row.name}` : `新增楼座（${compound.name}）`}
      open
      form={form}
      width={680}
      grid
      rowProps={{ gutter: 16 }}
      colProps={{ xs: 24, sm: 12 }}
      initialValues={row ?? { floorsBelow: 0 }}
      modalProps={modalProps(onClose)}
      onFinish={(values) => saveForm(form, () => save(values))}
    >
      <ProFormText
        name="code"
        label="楼座编号"
        tooltip="院落内唯一，如 A、1、B2"
        fieldProps={{ style: { textTransform: 'uppercase' }, maxLength: 16 }}
        rules={[
          { required: true, whitespace: true, message: '请输入楼座编号' },
          { pattern: /^[A-Za-z0-9][A-Za-z0-9-]{0,15}$/, message: '楼座编号为1到16位字母、数字或连字符' },
        ]}
      />
      <ProFormText name="name" label="楼座名称" rules={[{ required: true, whitespace: true, message: '请输入楼座名称' }, { max: 100, message: '不超过100个字' }]} />
      <ProFormSelect
        name="structureCode"
        label="建筑结构"
        options={(dicts.data?.structures ?? []).map((s) => ({ value: s.code, label: `${s.name}（折旧${s.depreciationYears}年）` }))}
        fieldProps={{ loading: dicts.isLoading }}
        rules={[{ required: true, message: '请选择建筑结构' }]}
      />
      <ProFormDigit name="buildYear" label="建成年份" min={1900} max={2100} fieldProps={{ precision: 0 }} />
      <ProFormDigit name="floorsAbove" label="地上层数" min={1} max={150} fieldProps={{ precision: 0 }} rules={[{ required: true, message: '请输入地上层数' }]} />
      <ProFormDigit name="floorsBelow" label="地下层数" min={0} max={10} fieldProps={{ precision: 0 }} />
      <ProFormDigit name="grossArea" label="建筑面积（m²）" min={0.01} max={10_000_000} fieldProps={{ precision: 2 }} rules={[{ required: true, message: '请输入建筑面积' }]} />
      <ProFormDigit
        name="usableArea"
        label="使用面积（m²）"
        min={0.01}
        max={10_000_000}
        fieldProps={{ precision: 2 }}
        dependencies={['grossArea']}
        rules={[
          { required: true, message: '请输入使用面积' },
          notAboveGross,
        ]}
      />
      <ProFormText name="certNo" label="产权证号" rules={[{ min: 2, max: 60, message: '产权证号为2到60个字符' }]} />
      <ProFormDigit name="bookValue" label="账面价值（元）" min={0} max={1e13} fieldProps={{ precision: 2 }} />
    </ModalForm>
  );
}

// ---------------------------------------------------------------------------------------------------- room

type RoomBody = ApiBody<'/api/estate/rooms', 'post'>;
type RoomValues = Omit<RoomBody, 'buildingId'>;

export interface RoomFormModalProps {
  /** With its floor counts the form checks the floor number as the server does. */
  building: { id: number; name: string; floorsAbove?: number; floorsBelow?: number };
  /** Using unit preselected for a new room (e.g. the unit using most rooms of the building). */
  defaultUnit?: { id: number; name: string } | null;
  row?: GridRoom;
  /** Floor preselected for a new room. */
  floorNo?: number;
  /** Offices of the building, for the 所附办公室 of a rest room. */
  offices: Array<Pick<GridRoom, 'id' | 'roomNo' | 'floorNo' | 'occupants'>>;
  onClose: () => void;
  onSaved: (saved: ApiResponse<'/api/estate/rooms', 'post'>) => void;
}

export function RoomFormModal({ building, defaultUnit, row, floorNo, offices, onClose, onSaved }: RoomFormModalProps) {
  const [form] = Form.useForm<RoomValues>();
  const { message } = App.useApp();
  const dicts = useDicts();
  const useOptions = classOptionsOf(dicts.data);
  const initialValues: Partial<RoomValues> = row
    ? {
        floorNo: row.floorNo,
        roomNo: row.roomNo,
        grossArea: row.grossArea,
        usableArea: row.usableArea,
        designedUse: row.designedUse,
        currentUse: row.currentUse,
        unitId: row.unitId,
        departmentId: row.departmentId,
        status: row.status,
        attachedToRoomId: row.attachedToRoomId,
      }
    : { floorNo: floorNo ?? 1, status: 'in_use', designedUse: 'office', currentUse: 'office', unitId: defaultUnit?.id };
  const { floorsAbove, floorsBelow } = building;

  const save = async (v: RoomValues) => {
    const body: RoomBody = {
      buildingId: building.id,
      floorNo: v.floorNo,
      roomNo: v.roomNo.trim(),
      grossArea: orNull(v.grossArea),
      usableArea: v.usableArea,
      designedUse: v.designedUse,
      currentUse: v.currentUse,
      unitId: orNull(v.unitId),
      departmentId: orNull(v.departmentId),
      status: v.status,
      attachedToRoomId: v.currentUse === 'rest_room' ? orNull(v.attachedToRoomId) : null,
    };
    const saved = row
      ? await unwrap(api.PUT('/api/estate/rooms/{id}', { params: { path: { id: row.id } }, body }))
      : await unwrap(api.POST('/api/estate/rooms', { body }));
    message.success(row ? `已保存房间：${saved.roomNo}` : `已新增房间：${saved.roomNo}`);
    onSaved(saved);
  };

  return (
    <ModalForm<RoomValues>
      title={row ? `编辑房间：${building.name} ${row.roomNo}` : `新增房间（${building.name}）`}
      open
      form={form}
      width={720}
      grid
      rowProps={{ gutter: 16 }}
      colProps={{ xs: 24, sm: 12 }}
      initialValues={initialValues}
      modalProps={modalProps(onClose)}
      onValuesChange={(changed: Partial<RoomValues>) => {
        if ('unitId' in changed) form.setFieldValue('departmentId', null);
      }}
      onFinish={(values) => saveForm(form, () => save(values))}
    >
      <ProFormDigit
        name="floorNo"
        label="楼层"
        tooltip="地下层填负数，如 -1 为地下1层；楼层不存在时自动创建"
        min={-10}
        max={150}
        fieldProps={{ precision: 0 }}
        rules={[
          { required: true, message: '请输入楼层' },
          {
            validator: (_: unknown, v: number | undefined) =>
              v === 0
                ? Promise.reject(new Error('没有第0层'))
                : v !== undefined && floorsAbove !== undefined && floorsBelow !== undefined && (v > floorsAbove || v < -floorsBelow)
                  ? Promise.reject(new Error(`楼层超出楼座层数（地上${floorsAbove}层${floorsBelow ? `、地下${floorsBelow}层` : ''}）`))
                  : Promise.resolve(),
          },
        ]}
      />
      <ProFormText
        name="roomNo"
        label="房间号"
        rules={[
          { required: true, whitespace: true, message: '请输入房间号' },
          { pattern: /^[A-Za-z0-9][A-Za-z0-9-]{0,15}$/, message: '房间号为1到16位字母、数字或连字符' },
        ]}
      />
      <ProFormDigit name="grossArea" label="建筑面积（m²）" min={0.01} max={10_000_000} fieldProps={{ precision: 2 }} />
      <ProFormDigit
        name="usableArea"
        label="使用面积（m²）"
        min={0.01}
        max={5000}
        fieldProps={{ precision: 2 }}
        dependencies={['grossArea']}
        rules={[
          { required: true, message: '请输入使用面积' },
          notAboveGross,
        ]}
      />
      <ProFormSelect
        name="designedUse"
        label="设计用途"
        options={useOptions}
        fieldProps={{ loading: dicts.isLoading, showSearch: true, optionFilterProp: 'label' }}
        rules={[{ required: true, message: '请选择设计用途' }]}
      />
      <ProFormSelect
        name="currentUse"
        label="现用途"
        tooltip="与设计用途不一致时会产生“擅自改变用途”预警"
        options={useOptions}
        fieldProps={{ loading: dicts.isLoading, showSearch: true, optionFilterProp: 'label' }}
        rules={[{ required: true, message: '请选择现用途' }]}
      />
      <Col xs={24} sm={12}>
        <ProForm.Item
          name="unitId"
          label="使用单位"
          dependencies={['status']}
          rules={[unitMatchesStatus]}
        >
          <OrgTreeSelect
            selectableKind="unit"
            initialLabel={row?.unitName ?? (row ? undefined : defaultUnit?.name)}
            placeholder="请选择使用单位"
          />
        </ProForm.Item>
      </Col>
      <ProFormDependency name={['unitId']}>
        {({ unitId }: Partial<RoomValues>) => (
          <Col xs={24} sm={12}>
            <ProForm.Item name="departmentId" label="内设机构">
              <OrgTreeSelect
                key={unitId ?? 0}
                rootId={unitId ?? undefined}
                selectableKind="department"
                disabled={!unitId}
                initialLabel={row && row.unitId === unitId ? row.departmentName : undefined}
                placeholder={unitId ? '可不选' : '请先选择使用单位'}
              />
            </ProForm.Item>
          </Col>
        )}
      </ProFormDependency>
      <ProFormSelect
        name="status"
        label="状态"
        tooltip="房间处置须通过资产处置申请办理"
        options={(dicts.data?.roomStatuses ?? Object.entries(roomStatusLabels).map(([value, label]) => ({ value, label })))
          .filter((s) => s.value !== 'disposed' || row?.status === 'disposed')
          .map((s) => ({ value: s.value, label: s.label }))}
        rules={[{ required: true, message: '请选择状态' }]}
      />
      <ProFormDependency name={['currentUse']}>
        {({ currentUse }: Partial<RoomValues>) =>
          currentUse === 'rest_room' ? (
            <ProFormSelect
              name="attachedToRoomId"
              label="所附办公室"
              tooltip="休息室属于哪一间领导办公室，其面积计入该办公室"
              showSearch
              options={offices
                .filter((o) => o.id !== row?.id)
                .map((o) => ({
                  value: o.id,
                  label: `${floorLabel(o.floorNo)} ${o.roomNo}${o.occupants.length ? `（${o.occupants.map((p) => p.name).join('、')}）` : ''}`,
                }))}
              placeholder={offices.length ? '请选择办公室' : '本楼座暂无办公室'}
            />
          ) : null
        }
      </ProFormDependency>
    </ModalForm>
  );
}

// ---------------------------------------------------------------------------------------------------- occupancy

type AssignBody = ApiBody<'/api/estate/rooms/{id}/occupants', 'post'>;

export interface AssignModalProps {
  room: { id: number; roomNo: string; unitId: number | null; unitName: string | null };
  onClose: () => void;
  onSaved: () => void;
}

export function AssignModal({ room, onClose, onSaved }: AssignModalProps) {
  const [form] = Form.useForm<AssignBody>();
  const { message } = App.useApp();
  const save = async (v: AssignBody) => {
    const body: AssignBody = { personId: v.personId, from: v.from, to: orNull(v.to), isPrimary: v.isPrimary ?? true, note: blank(v.note) };
    const result = await unwrap(api.POST('/api/estate/rooms/{id}/occupants', { params: { path: { id: room.id } }, body }));
    if (result.raised > 0) message.warning(`已分配使用人；复核发现 ${result.raised} 条新预警，请在房间预警中查看`);
    else message.success('已分配使用人');
    onSaved();
  };
  return (
    <ModalForm<AssignBody>
      title={`分配使用人：${room.roomNo}`}
      open
      form={form}
      width={520}
      initialValues={{ from: today(), isPrimary: true }}
      modalProps={modalProps(onClose)}
      onFinish={(values) => saveFormNear(form, 'personId', () => save(values))}
    >
      <ProForm.Item
        name="personId"
        label="使用人"
        tooltip={room.unitId ? `只列出${room.unitName ?? '使用单位'}的人员` : '房间未登记使用单位，可选任意人员'}
        rules={[{ required: true, message: '请选择使用人' }]}
      >
        <PersonSelect unitId={room.unitId} placeholder="输入姓名查找" />
      </ProForm.Item>
      <ProFormDatePicker name="from" label="起始日期" width="md" rules={[{ required: true, message: '请选择起始日期' }]} />
      <ProFormDatePicker
        name="to"
        label="截止日期"
        width="md"
        tooltip="不填表示至今"
        dependencies={['from']}
        rules={[notBefore({ field: 'from' })]}
      />
      <ProFormSwitch name="isPrimary" label="主办公室" tooltip="一人同一时间只能有一处主办公室；兼职领导的第二处办公室关闭此项" />
      <ProFormTextArea name="note" label="备注" fieldProps={{ maxLength: 200, showCount: true, rows: 2 }} />
    </ModalForm>
  );
}

export interface EndModalProps {
  occupancy: { id: number; personName: string; from: string };
  roomNo: string;
  onClose: () => void;
  onSaved: () => void;
}

export function EndModal({ occupancy, roomNo, onClose, onSaved }: EndModalProps) {
  const [form] = Form.useForm<{ to: string }>();
  const { message } = App.useApp();
  const save = async (v: { to: string }) => {
    await unwrap(api.POST('/api/estate/occupancies/{id}/end', { params: { path: { id: occupancy.id } }, body: { to: v.to } }));
    message.success(`已结束使用：${occupancy.personName}（${roomNo}）`);
    onSaved();
  };
  return (
    <ModalForm<{ to: string }>
      title={`结束使用：${occupancy.personName}`}
      open
      form={form}
      width={420}
      initialValues={{ to: today() }}
      modalProps={modalProps(onClose)}
      onFinish={(values) => saveFormNear(form, 'to', () => save(values))}
    >
      <ProFormDatePicker
        name="to"
        label="截止日期（含当日）"
        width="md"
        extra={`自 ${occupancy.from} 起使用 ${roomNo}`}
        rules={[
          { required: true, message: '请选择截止日期' },
          notBefore({ day: occupancy.from }),
        ]}
      />
    </ModalForm>
  );
}
