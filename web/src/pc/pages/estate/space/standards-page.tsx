// 面积标准: the per-person office area caps (rank level × 省级/市级/县级/乡级) of each version, the one in force today
// marked; writers edit caps, post labels and rest-room flags of a version, or add a version copied from another.
import { PageContainer } from '@ant-design/pro-components';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { api, attempt, unwrap } from '../../../../api/client';
import type { ApiResponse } from '../../../../api/types';

type Standards = ApiResponse<'/api/estate/standards'>;
type StdRow = Standards['versions'][number]['rows'][number];
const KEY = ['estate-standards'] as const;
const cellKey = (level: string, rank: string) => `${level}|${rank}`;

export function StandardsPage() {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: KEY, queryFn: () => unwrap(api.GET('/api/estate/standards')) });
  const data = q.data;
  const [versionId, setVersionId] = useState<number | null>(null);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState<Record<string, StdRow>>({});
  const [saving, setSaving] = useState(false);
  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm<{ name: string; docNo: string; effectiveFrom: Dayjs; source?: string }>();

  useEffect(() => {
    if (data && versionId === null) setVersionId(data.inForceId ?? data.versions[0]?.id ?? null);
  }, [data, versionId]);
  const version = data?.versions.find((v) => v.id === versionId);
  const canWrite = data?._actions.includes('write') ?? false;

  const cells = useMemo(() => {
    const m: Record<string, StdRow> = {};
    for (const r of version?.rows ?? []) m[cellKey(r.orgLevel, r.rankLevelCode)] = r;
    return m;
  }, [version]);
  const shown = editing ? draft : cells;

  const startEdit = () => {
    setDraft(structuredClone(cells));
    setEditing(true);
  };
  const patch = (k: string, p: Partial<StdRow>) => setDraft((d) => ({ ...d, [k]: { ...d[k]!, ...p } }));

  const save = async () => {
    if (!version) return;
    const rows = Object.values(draft);
    const bad = rows.find((r) => !(r.maxArea > 0 && r.maxArea <= 200) || !r.postLabel.trim());
    if (bad) {
      message.error('每个标准须填写职务名称，面积须大于 0 且不超过 200 m²');
      return;
    }
    setSaving(true);
    const r = await attempt(() => unwrap(api.PUT('/api/estate/standards/{versionId}', { params: { path: { versionId: version.id } }, body: { rows } })));
    setSaving(false);
    if (r) {
      qc.setQueryData(KEY, r);
      setEditing(false);
      message.success(version.inForce ? '已保存；已安排全省复核，稍后“超标与违规”中的结果随之更新' : '已保存');
    }
  };

  const addVersion = async () => {
    const v = await form.validateFields();
    const r = await attempt(() =>
      unwrap(
        api.POST('/api/estate/standards', {
          body: { name: v.name.trim(), docNo: v.docNo.trim(), effectiveFrom: v.effectiveFrom.format('YYYY-MM-DD'), source: v.source?.trim() || undefined, copyFromVersionId: versionId! },
        }),
      ),
    );
    if (r) {
      qc.setQueryData(KEY, r);
      setAdding(false);
      form.resetFields();
      setVersionId(r.versions.find((x) => x.name === v.name.trim())?.id ?? null);
      message.success('已新增版本（复制自所选版本），可编辑后保存');
    }
  };

  const levels = data?.orgLevels ?? [];
  const renderCell = (level: string, rank: string) => {
    const k = cellKey(level, rank);
    const c = shown[k];
    if (!c) return <Typography.Text type="secondary">—</Typography.Text>;
    if (!editing)
      return (
        <Space direction="vertical" size={0}>
          <Typography.Text strong>{c.maxArea} m²</Typography.Text>
          <Typography.Text type="secondary">{c.postLabel}</Typography.Text>
          {c.restRoomAllowed && <Tag color="blue">可设休息室</Tag>}
        </Space>
      );
    return (
      <Space direction="vertical" size={2}>
        <InputNumber
          size="small"
          min={0.01}
          max={200}
          precision={2}
          value={c.maxArea}
          status={c.maxArea > 0 && c.maxArea <= 200 ? undefined : 'error'}
          onChange={(v) => patch(k, { maxArea: v ?? 0 })}
          addonAfter="m²"
          aria-label={`${level} ${rank} 面积上限`}
          style={{ width: 130 }}
        />
        <Input size="small" maxLength={40} value={c.postLabel} onChange={(e) => patch(k, { postLabel: e.target.value })} style={{ width: 130 }} aria-label="职务名称" />
        <Checkbox checked={c.restRoomAllowed} onChange={(e) => patch(k, { restRoomAllowed: e.target.checked })}>
          可设休息室
        </Checkbox>
      </Space>
    );
  };

  const columns = [
    { title: '职级层次', dataIndex: 'name', width: 140, fixed: 'left' as const },
    ...levels.map((l) => ({ title: l.name, key: l.code, render: (_: unknown, r: { code: string }) => renderCell(l.code, r.code) })),
  ];

  return (
    <PageContainer
      title="办公用房面积标准"
      subTitle="人均办公室使用面积上限（按单位层级 × 职级层次），超标判定按今日执行的版本"
      extra={
        <Space>
          <Select
            style={{ width: 320 }}
            value={versionId ?? undefined}
            onChange={(v) => {
              setVersionId(v);
              setEditing(false);
            }}
            options={(data?.versions ?? []).map((v) => ({ value: v.id, label: `${v.name}（${v.effectiveFrom} 起${v.inForce ? '，现行' : ''}）` }))}
            aria-label="标准版本"
          />
          {canWrite && !editing && <Button onClick={startEdit} disabled={!version}>编辑</Button>}
          {canWrite && !editing && <Button onClick={() => setAdding(true)} disabled={!version}>新增版本</Button>}
          {editing && <Button onClick={() => setEditing(false)}>取消</Button>}
          {editing && <Button type="primary" loading={saving} onClick={() => void save()}>保存</Button>}
        </Space>
      }
      loading={q.isLoading}
    >
      {version && (
        <Alert
          style={{ marginBottom: 16 }}
          type={version.inForce ? 'info' : 'warning'}
          message={`${version.name} · ${version.docNo} · ${version.effectiveFrom} 起执行${version.inForce ? '（现行）' : ''}`}
          description={`来源：${version.source}`}
        />
      )}
      <Table rowKey="code" columns={columns} dataSource={data?.rankLevels ?? []} pagination={false} bordered size="middle" scroll={{ x: 'max-content' }} />
      <Modal open={adding} title="新增标准版本" okText="新增" onOk={() => void addVersion()} onCancel={() => setAdding(false)} destroyOnHidden>
        <Typography.Paragraph type="secondary">新版本复制“{version?.name}”的全部标准，保存后可逐项修改。</Typography.Paragraph>
        <Form form={form} layout="vertical">
          <Form.Item name="name" label="名称" rules={[{ required: true, whitespace: true, message: '请填写名称' }, { min: 2, max: 100, message: '2–100 个字' }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="docNo" label="文号" rules={[{ required: true, whitespace: true, message: '请填写文号' }, { min: 2, max: 100, message: '2–100 个字' }]}>
            <Input maxLength={100} placeholder="如：鲁管发〔2026〕1号" />
          </Form.Item>
          <Form.Item name="effectiveFrom" label="执行日期" rules={[{ required: true, message: '请选择执行日期' }]}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="source" label="来源说明">
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
        </Form>
      </Modal>
    </PageContainer>
  );
}
