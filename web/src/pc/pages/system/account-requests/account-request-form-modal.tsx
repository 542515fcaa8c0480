// 新建账号申请: a reason and up to 10 accounts (username, name, optional person of the unit, role). One request key per
// opened form, so a double click or a retry after a lost answer never opens two requests.
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { ModalForm, ProFormTextArea } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Col, Form, Input, Row, Select, Typography } from 'antd';
import { useState } from 'react';
import { api, unwrap } from '../../../../api/client';
import { isApiError } from '../../../../api/errors';
import type { ApiBody, ApiResponse } from '../../../../api/types';
import { PersonSelect } from '../../../components/person-select';
import { useCurrentUser } from '../../../me';
import { MAX_ITEMS, itemFieldErrors, newRequestKey, usernameProblem } from './account-request-form';

type CreateBody = ApiBody<'/api/account-requests', 'post'>;
type Created = ApiResponse<'/api/account-requests', 'post'>;

interface ItemValues {
  username?: string;
  displayName?: string;
  personId?: number | null;
  roleCode?: string;
}

interface FormValues {
  reason?: string;
  items: ItemValues[];
}

export interface AccountRequestFormModalProps {
  onClose: () => void;
  onCreated: (created: Created) => void;
}

export function AccountRequestFormModal({ onClose, onCreated }: AccountRequestFormModalProps) {
  const [form] = Form.useForm<FormValues>();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const [requestKey] = useState(newRequestKey);
  const roles = useQuery({
    queryKey: ['account-request-roles'],
    staleTime: 300_000,
    queryFn: () => unwrap(api.GET('/api/account-requests/roles', { lookup: true })),
  });
  const roleOptions = (roles.data ?? []).map((r) => ({ value: r.code, label: r.name }));

  const submit = async (values: FormValues): Promise<boolean> => {
    const body: CreateBody = {
      reason: (values.reason ?? '').trim(),
      requestKey,
      items: values.items.map((i) => ({
        username: (i.username ?? '').trim(),
        displayName: (i.displayName ?? '').trim(),
        personId: i.personId ?? null,
        roleCode: i.roleCode ?? '',
      })),
    };
    try {
      const created = await unwrap(api.POST('/api/account-requests', { body }));
      message.success('已提交账号申请，等待审批');
      onCreated(created);
      return true;
    } catch (error) {
      if (isApiError(error)) {
        const fields = itemFieldErrors(error, body.items.map((i) => i.username));
        if (fields.length) form.setFields(fields as Parameters<typeof form.setFields>[0]);
        return false;
      }
      throw error;
    }
  };

  return (
    <ModalForm<FormValues>
      title="新建账号申请"
      open
      form={form}
      width={980}
      layout="vertical"
      initialValues={{ items: [{}] }}
      modalProps={{ onCancel: onClose, maskClosable: false, destroyOnClose: true }}
      submitter={{ searchConfig: { submitText: '提交申请' } }}
      onFinish={submit}
    >
      <Typography.Paragraph type="secondary">
        为本单位（{me.user.unitName}）新进人员申请系统账号。提交后由属地管理员审批，审批通过即开通账号，初始密码在申请详情中查看，首次登录须修改。
      </Typography.Paragraph>
      <ProFormTextArea
        name="reason"
        label="申请理由"
        fieldProps={{ maxLength: 500, showCount: true, autoSize: { minRows: 2, maxRows: 5 } }}
        placeholder="如：新招录公务员 3 名，需开通资产管理账号"
        rules={[
          { required: true, whitespace: true, message: '请填写申请理由' },
          { min: 2, message: '至少2个字' },
          { max: 500, message: '不超过500个字' },
        ]}
      />
      <Form.List
        name="items"
        rules={[
          {
            validator: async (_rule, items: ItemValues[] | undefined) => {
              if (!items?.length) throw new Error('至少申请一个账号');
              if (items.length > MAX_ITEMS) throw new Error(`一次最多申请 ${MAX_ITEMS} 个账号`);
            },
          },
        ]}
      >
        {(rows, { add, remove }, { errors }) => (
          <>
            <Typography.Text strong>申请的账号（{rows.length} / {MAX_ITEMS}）</Typography.Text>
            <div style={{ marginTop: 8 }}>
              {rows.map((row, index) => (
                <Row key={row.key} gutter={8} align="top" wrap style={{ borderBottom: '1px dashed #f0f0f0', paddingTop: 8 }}>
                  <Col flex="none" style={{ width: 28, paddingTop: index === 0 ? 36 : 6, color: '#8c8c8c' }}>
                    {index + 1}
                  </Col>
                  <Col xs={22} sm={11} md={6}>
                    <Form.Item
                      name={[row.name, 'username']}
                      label={index === 0 ? '用户名' : undefined}
                      required
                      validateFirst
                      rules={[
                        ({ getFieldValue }) => ({
                          validator: async (_rule, value: string | undefined) => {
                            const all = (getFieldValue('items') as ItemValues[] | undefined) ?? [];
                            const others = all.filter((_, i) => i !== index).map((i) => i.username);
                            const problem = usernameProblem(value, others);
                            if (problem) throw new Error(problem);
                          },
                        }),
                      ]}
                    >
                      <Input placeholder="如 zhangsan" autoComplete="off" maxLength={32} aria-label={`第${index + 1}行用户名`} />
                    </Form.Item>
                  </Col>
                  <Col xs={22} sm={11} md={5}>
                    <Form.Item
                      name={[row.name, 'displayName']}
                      label={index === 0 ? '姓名' : undefined}
                      rules={[
                        { required: true, whitespace: true, message: '请输入姓名' },
                        { max: 50, message: '不超过50个字' },
                      ]}
                    >
                      <Input placeholder="显示名称" maxLength={50} aria-label={`第${index + 1}行姓名`} />
                    </Form.Item>
                  </Col>
                  <Col xs={22} sm={11} md={6}>
                    <Form.Item
                      name={[row.name, 'personId']}
                      label={index === 0 ? '关联人员' : undefined}
                      tooltip={index === 0 ? '可选：本单位人员库中的人员，关联后“仅本人”数据权限按此人员计算' : undefined}
                    >
                      <PersonSelect unitId={me.user.unitId} placeholder="可不选" />
                    </Form.Item>
                  </Col>
                  <Col xs={22} sm={11} md={5}>
                    <Form.Item
                      name={[row.name, 'roleCode']}
                      label={index === 0 ? '角色' : undefined}
                      rules={[{ required: true, message: '请选择角色' }]}
                    >
                      <Select options={roleOptions} loading={roles.isFetching} placeholder="请选择" showSearch optionFilterProp="label" aria-label={`第${index + 1}行角色`} />
                    </Form.Item>
                  </Col>
                  <Col flex="none" style={{ paddingTop: index === 0 ? 30 : 0 }}>
                    <Button type="text" danger icon={<DeleteOutlined />} disabled={rows.length <= 1} onClick={() => remove(row.name)} aria-label={`删除第${index + 1}行`} />
                  </Col>
                </Row>
              ))}
            </div>
            <Form.ErrorList errors={errors} />
            <Button
              type="dashed"
              block
              icon={<PlusOutlined />}
              style={{ marginTop: 12 }}
              disabled={rows.length >= MAX_ITEMS}
              onClick={() => add({})}
            >
              {rows.length >= MAX_ITEMS ? `一次最多申请 ${MAX_ITEMS} 个账号` : '添加一个账号'}
            </Button>
          </>
        )}
      </Form.List>
    </ModalForm>
  );
}
