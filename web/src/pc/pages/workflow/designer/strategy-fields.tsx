// The 审批人 / 抄送人 picker: who acts on a node (指定成员, 按角色 at a unit or a 机关事务管理局, 部门负责人, 发起人自选).
import { useQuery } from '@tanstack/react-query';
import { Checkbox, Form, InputNumber, Radio, Select, Space } from 'antd';
import { api, unwrap } from '../../../../api/client';
import { WorkflowUsersSelect } from '../../../components/workflow-user-select';
import { usePermission } from '../../../me';
import { bureauLevelLabels, strategyAtLabels, strategyKindLabels } from './designer-labels';
import { strategyProblem, type Strategy } from './tree';

/** Roles by code (strategies name roles by code). Without the role-list permission codes are shown as they are. */
export function useRoles() {
  const can = usePermission();
  const allowed = can('system:role:read');
  const roles = useQuery({
    queryKey: ['role-codes'],
    enabled: allowed,
    staleTime: 300_000,
    queryFn: async () =>
      (await unwrap(api.GET('/api/roles', { params: { query: { page: 1, pageSize: 200, sort: 'name', order: 'asc' } }, lookup: true }))).items,
  });
  const list = roles.data ?? [];
  const names = new Map(list.map((r) => [r.code, r.name]));
  return {
    loading: roles.isFetching,
    options: list.map((r) => ({ value: r.code, label: `${r.name}（${r.code}）` })),
    roleName: (code: string) => names.get(code) ?? code,
  };
}

export type RoleOptions = ReturnType<typeof useRoles>;

function defaultStrategy(kind: Strategy['kind']): Strategy {
  switch (kind) {
    case 'users':
      return { kind: 'users', userIds: [] };
    case 'role':
      return { kind: 'role', roleCodes: [], at: 'starter_unit' };
    case 'dept_head':
      return { kind: 'dept_head', levels: 1 };
    case 'starter_chosen':
      return { kind: 'starter_chosen' };
  }
}

export interface StrategyFieldsProps {
  value: Strategy;
  onChange: (value: Strategy) => void;
  roles: RoleOptions;
  readOnly?: boolean;
  /** 审批人 or 抄送人 */
  who: string;
}

export function StrategyFields({ value, onChange, roles, readOnly, who }: StrategyFieldsProps) {
  const problem = strategyProblem(value);
  return (
    <>
      <Form.Item label={`${who}类型`} required>
        <Radio.Group
          value={value.kind}
          disabled={readOnly}
          onChange={(e) => onChange(defaultStrategy(e.target.value as Strategy['kind']))}
          optionType="button"
          buttonStyle="solid"
          options={Object.entries(strategyKindLabels).map(([v, label]) => ({ value: v, label }))}
        />
      </Form.Item>
      {value.kind === 'users' && (
        <Form.Item label={`选择${who}`} required validateStatus={problem ? 'error' : undefined} help={problem}>
          {readOnly ? (
            <span>{value.userIds.length} 人</span>
          ) : (
            <WorkflowUsersSelect value={value.userIds} max={50} onChange={(userIds) => onChange({ ...value, userIds })} />
          )}
        </Form.Item>
      )}
      {value.kind === 'role' && (
        <>
          <Form.Item label="角色" required validateStatus={problem ? 'error' : undefined} help={problem}>
            <Select
              mode="multiple"
              value={value.roleCodes}
              options={roles.options.length ? roles.options : value.roleCodes.map((c) => ({ value: c, label: c }))}
              loading={roles.loading}
              optionFilterProp="label"
              maxCount={10}
              disabled={readOnly}
              placeholder="选择一个或多个角色"
              onChange={(roleCodes: string[]) => onChange({ ...value, roleCodes })}
            />
          </Form.Item>
          <Form.Item label="在哪个单位找" extra={value.at === 'supervising_unit' ? '发起人单位的主管单位中担任上述角色的人' : undefined}>
            <Radio.Group
              value={value.at}
              disabled={readOnly}
              onChange={(e) => {
                const at = e.target.value as typeof value.at;
                onChange(at === 'bureau' ? { ...value, at, bureauLevel: value.bureauLevel ?? 'own' } : { kind: 'role', roleCodes: value.roleCodes, at });
              }}
              options={Object.entries(strategyAtLabels).map(([v, label]) => ({ value: v, label }))}
            />
          </Form.Item>
          {value.at === 'bureau' && (
            <Form.Item label="管理局层级" extra="本级：发起人所在地区的机关事务管理局；县级 / 市级 / 省级：该层级的管理局">
              <Space wrap>
                <Select
                  style={{ width: 120 }}
                  value={value.bureauLevel ?? 'own'}
                  disabled={readOnly}
                  options={Object.entries(bureauLevelLabels).map(([v, label]) => ({ value: v, label }))}
                  onChange={(bureauLevel: NonNullable<typeof value.bureauLevel>) => onChange({ ...value, bureauLevel })}
                />
                <Checkbox
                  checked={Boolean(value.nearest)}
                  disabled={readOnly}
                  onChange={(e) => onChange({ ...value, nearest: e.target.checked })}
                >
                  无人担任时逐级向上查找
                </Checkbox>
              </Space>
            </Form.Item>
          )}
        </>
      )}
      {value.kind === 'dept_head' && (
        <Form.Item
          label="负责人层级"
          required
          validateStatus={problem ? 'error' : undefined}
          help={problem ?? '1 = 发起人所在部门负责人；2 及以上 = 从该部门起逐级向上，每级负责人依次审批'}
        >
          <InputNumber
            min={1}
            max={5}
            precision={0}
            value={value.levels}
            disabled={readOnly}
            addonAfter="级"
            onChange={(levels) => onChange({ ...value, levels: levels ?? 1 })}
          />
        </Form.Item>
      )}
      {value.kind === 'starter_chosen' && (
        <Form.Item label="最多可选" validateStatus={problem ? 'error' : undefined} help={problem ?? '发起人提交时自行选择，不填则不限（最多 20 人）'}>
          <InputNumber
            min={1}
            max={20}
            precision={0}
            value={value.max ?? null}
            disabled={readOnly}
            addonAfter="人"
            placeholder="不限"
            onChange={(max) => onChange(max ? { kind: 'starter_chosen', max } : { kind: 'starter_chosen' })}
          />
        </Form.Item>
      )}
    </>
  );
}
