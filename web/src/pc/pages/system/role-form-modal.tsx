// Create or edit a role: menu/button permissions (grouped tree), data scope, and for "自定义" the org/region nodes.
import { ModalForm, ProForm, ProFormDependency, ProFormSelect, ProFormText, ProFormTextArea } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Col, Form, Tree, TreeSelect, Typography } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { api, unwrap } from '../../../api/client';
import type { ApiBody, ApiResponse, ListItem } from '../../../api/types';
import type { LazyTree } from '../../components/lazy-tree';
import { useOrgTree, useRegionTree } from '../../components/tree-selects';
import { saveForm } from '../../form-errors';
import { dataScopeLabels, keyIn, optionsOf } from '../../labels';

export type RoleRow = ListItem<'/api/roles'>;
type RoleBody = ApiBody<'/api/roles', 'post'>;
type Permission = ApiResponse<'/api/permissions'>['items'][number];

interface Labelled<V> {
  value: V;
  label: string;
}

interface RoleFormValues {
  code: string;
  name: string;
  description?: string;
  dataScope: RoleBody['dataScope'];
  permissions: string[];
  scopeOrgs: Labelled<number>[];
  scopeRegions: Labelled<string>[];
}

const GROUP_PREFIX = 'group:';

/** Permissions grouped by groupName as a checkable tree. */
export function permissionTreeData(permissions: readonly Permission[]): DataNode[] {
  const groups = new Map<string, DataNode[]>();
  for (const p of permissions) {
    const list = groups.get(p.groupName) ?? [];
    list.push({ key: p.code, title: p.name });
    groups.set(p.groupName, list);
  }
  return [...groups.entries()].map(([group, children]) => ({ key: GROUP_PREFIX + group, title: group, children }));
}

function PermissionTree({
  value,
  onChange,
  permissions,
}: {
  value?: string[];
  onChange?: (value: string[]) => void;
  permissions: readonly Permission[];
}) {
  const treeData = permissionTreeData(permissions);
  const checked = value ?? [];
  return (
    <div style={{ border: '1px solid rgba(5,5,5,0.06)', borderRadius: 6, padding: 8, maxHeight: 360, overflow: 'auto' }}>
      <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 4 }}>
        已选 {checked.length} / {permissions.length} 项
      </Typography.Text>
      <Tree
        // remount once the permissions have arrived so that everything starts expanded
        key={permissions.length}
        checkable
        selectable={false}
        defaultExpandAll
        treeData={treeData}
        checkedKeys={checked}
        onCheck={(keys) => {
          const list = Array.isArray(keys) ? keys : keys.checked;
          onChange?.(list.map(String).filter((k) => !k.startsWith(GROUP_PREFIX)));
        }}
      />
    </div>
  );
}

function ScopeSelect<T, V extends string | number>({
  tree,
  value,
  onChange,
  placeholder,
}: {
  tree: LazyTree<T>;
  value?: Labelled<V>[];
  onChange?: (value: Labelled<V>[]) => void;
  placeholder: string;
}) {
  return (
    <TreeSelect
      multiple
      labelInValue
      allowClear
      showSearch
      treeNodeFilterProp="title"
      treeData={tree.treeData}
      loadData={tree.loadData}
      value={value}
      onChange={(next: Labelled<V>[]) => onChange?.(next)}
      placeholder={placeholder}
      style={{ width: '100%' }}
      styles={{ popup: { root: { maxHeight: 400, overflow: 'auto' } } }}
    />
  );
}

export interface RoleFormModalProps {
  row?: RoleRow;
  onClose: () => void;
  onSaved: () => void;
}

export function RoleFormModal({ row, onClose, onSaved }: RoleFormModalProps) {
  const [form] = Form.useForm<RoleFormValues>();
  const { message } = App.useApp();
  const orgTree = useOrgTree();
  const regionTree = useRegionTree();
  const permissions = useQuery({
    queryKey: ['permissions'],
    staleTime: 10 * 60_000,
    queryFn: async () => (await unwrap(api.GET('/api/permissions', { lookup: true }))).items,
  });

  const load = async (): Promise<RoleFormValues> => {
    if (!row) return { code: '', name: '', description: '', dataScope: 'own_unit', permissions: [], scopeOrgs: [], scopeRegions: [] };
    const detail = await unwrap(api.GET('/api/roles/{id}', { params: { path: { id: row.id } }, lookup: true }));
    return {
      code: detail.code,
      name: detail.name,
      description: detail.description,
      dataScope: keyIn(dataScopeLabels, detail.dataScope) ?? 'none',
      permissions: detail.permissions,
      scopeOrgs: detail.scopeNodes.flatMap((n) => (n.orgId !== undefined ? [{ value: n.orgId, label: n.name }] : [])),
      scopeRegions: detail.scopeNodes.flatMap((n) =>
        n.regionCode !== undefined ? [{ value: n.regionCode, label: n.name }] : [],
      ),
    };
  };

  const save = async (values: RoleFormValues) => {
    const custom = values.dataScope === 'custom';
    const body: RoleBody = {
      code: values.code.trim(),
      name: values.name.trim(),
      description: values.description?.trim() ?? '',
      dataScope: values.dataScope,
      permissions: values.permissions,
      scopeNodes: custom
        ? [
            ...values.scopeOrgs.map((o) => ({ orgId: o.value })),
            ...values.scopeRegions.map((r) => ({ regionCode: r.value })),
          ]
        : [],
    };
    if (row) await unwrap(api.PUT('/api/roles/{id}', { params: { path: { id: row.id } }, body }));
    else await unwrap(api.POST('/api/roles', { body }));
    message.success(row ? '已保存，相关用户重新加载后生效' : '已新建角色');
    onSaved();
  };

  return (
    <ModalForm<RoleFormValues>
      title={row ? `编辑角色：${row.name}` : '新建角色'}
      open
      form={form}
      width={720}
      grid
      rowProps={{ gutter: 16 }}
      colProps={{ xs: 24, sm: 12 }}
      request={load}
      modalProps={{ onCancel: onClose, maskClosable: false }}
      onFinish={(values) => saveForm(form, () => save(values))}
    >
      {row?.builtin && (
        <Col span={24} style={{ marginBottom: 16 }}>
          <Alert type="warning" showIcon message="内置角色：修改会影响所有持有该角色的用户，请谨慎操作。" />
        </Col>
      )}
      <ProFormText
        name="code"
        label="角色编码"
        disabled={Boolean(row)}
        rules={[
          { required: true, message: '请输入角色编码' },
          { pattern: /^[a-z][a-z0-9_-]{1,40}$/, message: '以小写字母开头，2到41位小写字母、数字、_ 或 -' },
        ]}
      />
      <ProFormText
        name="name"
        label="角色名称"
        rules={[
          { required: true, whitespace: true, message: '请输入角色名称' },
          { min: 2, max: 40, message: '2到40个字' },
        ]}
      />
      <ProFormTextArea name="description" label="说明" colProps={{ span: 24 }} fieldProps={{ rows: 2, maxLength: 200, showCount: true }} />
      <ProFormSelect
        name="dataScope"
        label="数据范围"
        colProps={{ span: 24 }}
        options={optionsOf(dataScopeLabels)}
        rules={[{ required: true, message: '请选择数据范围' }]}
        extra="决定持有该角色的用户能看到哪些单位、人员和业务数据。"
      />
      <ProFormDependency name={['dataScope']}>
        {({ dataScope }: Partial<RoleFormValues>) =>
          dataScope === 'custom' ? (
            <>
              <Col xs={24} sm={12}>
                <ProForm.Item
                  name="scopeOrgs"
                  label="自定义范围：组织"
                  tooltip="所选组织及其全部下级"
                  rules={[
                    {
                      validator: async () => {
                        const orgs = (form.getFieldValue('scopeOrgs') as Labelled<number>[] | undefined) ?? [];
                        const regions = (form.getFieldValue('scopeRegions') as Labelled<string>[] | undefined) ?? [];
                        if (orgs.length + regions.length === 0) throw new Error('自定义数据范围至少选择一个组织或行政区划');
                      },
                    },
                  ]}
                >
                  <ScopeSelect<unknown, number> tree={orgTree as LazyTree<unknown>} placeholder="选择组织节点" />
                </ProForm.Item>
              </Col>
              <Col xs={24} sm={12}>
                <ProForm.Item name="scopeRegions" label="自定义范围：行政区划" tooltip="该区划及以下的全部单位">
                  <ScopeSelect<unknown, string> tree={regionTree as LazyTree<unknown>} placeholder="选择行政区划（可选）" />
                </ProForm.Item>
              </Col>
            </>
          ) : null
        }
      </ProFormDependency>
      <Col span={24}>
        <ProForm.Item name="permissions" label="功能权限">
          <PermissionTree permissions={permissions.data ?? []} />
        </ProForm.Item>
      </Col>
    </ModalForm>
  );
}
