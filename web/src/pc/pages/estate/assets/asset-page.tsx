// 资产卡片详情: basic information, depreciation, attachments (upload), the life-cycle timeline, and the applications the
// caller may start now (buttons from the card's `_actions`).
import { EditOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { ModalForm, PageContainer, ProFormDigit, ProFormSelect, ProFormText } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { App, Badge, Button, Card, Descriptions, Empty, Result, Select, Skeleton, Space, Statistic, Table, Tag, Timeline, Typography, Upload } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, attempt, unwrap } from '../../../../api/client';
import type { ApiResponse } from '../../../../api/types';
import { UPLOAD_ACCEPT, uploadFile, uploadProblem } from '../../../../api/upload';
import { formatDateTime } from '../../../format';
import { acquisitionLabels, applyActions, cardStatusEnum, fileCategoryLabels, formatMoney, options } from './asset-labels';

type Detail = ApiResponse<'/api/estate/assets/{id}'>;

const PHASE_COLOR: Record<string, string> = {
  recorded: 'gray',
  applied: 'blue',
  approved: 'green',
  rejected: 'red',
  cancelled: 'gray',
  executed: 'blue',
  accepted: 'green',
  written_off: 'red',
};

const BADGE: Record<string, 'success' | 'default' | 'processing' | 'warning' | 'error'> = {
  in_use: 'success',
  idle: 'default',
  under_repair: 'processing',
  pending_disposal: 'warning',
  disposed: 'error',
};

function EditModal({ detail, onClose, onSaved }: { detail: Detail; onClose: () => void; onSaved: (d: Detail) => void }) {
  const c = detail.card;
  return (
    <ModalForm
      title="修改资产卡片"
      open
      width={560}
      initialValues={{ name: c.name, acquisitionMethod: c.acquisitionMethod, originalValue: c.originalValue, area: c.area, certNo: c.certNo }}
      modalProps={{ onCancel: onClose, destroyOnClose: true }}
      onFinish={async (v: { name: string; acquisitionMethod: string; originalValue: number; area?: number | null; certNo?: string | null }) => {
        const saved = await attempt(() =>
          unwrap(
            api.PUT('/api/estate/assets/{id}', {
              params: { path: { id: c.id } },
              body: {
                name: v.name.trim(),
                acquisitionMethod: v.acquisitionMethod as 'build',
                originalValue: v.originalValue,
                area: v.area ?? null,
                certNo: v.certNo?.trim() || null,
              },
            }),
          ),
        );
        if (saved) onSaved(saved);
        return !!saved;
      }}
    >
      <Typography.Paragraph type="secondary">资产状态只随调剂、维修、处置等申请变化，不能直接修改。</Typography.Paragraph>
      <ProFormText name="name" label="资产名称" rules={[{ required: true, whitespace: true }, { min: 2, max: 100, message: '2–100 个字' }]} />
      <ProFormSelect name="acquisitionMethod" label="取得方式" options={options(acquisitionLabels)} rules={[{ required: true }]} />
      <ProFormDigit name="originalValue" label="原值（元）" min={0} fieldProps={{ precision: 2 }} rules={[{ required: true }]} />
      <ProFormDigit name="area" label="面积（㎡）" min={0.01} fieldProps={{ precision: 2 }} />
      <ProFormText name="certNo" label="权证号" rules={[{ max: 60 }]} />
    </ModalForm>
  );
}

export function AssetPage() {
  const id = Number(useParams().id);
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [editing, setEditing] = useState(false);
  const [category, setCategory] = useState<'certificate' | 'photo' | 'contract' | 'other'>('certificate');
  const [uploading, setUploading] = useState(false);
  const q = useQuery({
    queryKey: ['estate-asset', id],
    enabled: Number.isInteger(id) && id > 0,
    queryFn: () => unwrap(api.GET('/api/estate/assets/{id}', { params: { path: { id } } })),
  });

  if (!Number.isInteger(id) || id <= 0) return <Result status="404" title="资产卡片不存在" />;
  if (q.isPending)
    return (
      <PageContainer title="资产卡片">
        <Card>
          <Skeleton active />
        </Card>
      </PageContainer>
    );
  if (q.isError)
    return (
      <PageContainer title="资产卡片" onBack={() => navigate('/estate/assets')}>
        <Result status="warning" title="无法加载资产卡片" subTitle={q.error.message} extra={<Button onClick={() => void q.refetch()}>重试</Button>} />
      </PageContainer>
    );

  const { card, events, files } = q.data;
  const can = (a: string) => card._actions.includes(a);
  const refresh = () => void q.refetch();

  const attach = async (file: File) => {
    const problem = uploadProblem(file);
    if (problem) {
      message.error(problem);
      return;
    }
    setUploading(true);
    try {
      const up = await uploadFile(file);
      const saved = await attempt(() => unwrap(api.POST('/api/estate/assets/{id}/files', { params: { path: { id } }, body: { fileId: up.id, category } })));
      if (saved) message.success(`已上传${fileCategoryLabels[category]}：${file.name}`);
      refresh();
    } catch {
      // the upload helper has told the user why
    } finally {
      setUploading(false);
    }
  };

  const statusText = cardStatusEnum[card.status as keyof typeof cardStatusEnum]?.text ?? card.statusName;

  return (
    <PageContainer
      title={`${card.cardNo} ${card.name}`}
      onBack={() => navigate('/estate/assets')}
      tags={[<Badge key="s" status={BADGE[card.status] ?? 'default'} text={statusText} />]}
      extra={[
        ...applyActions
          .filter((a) => can(a.action))
          .map((a) => (
            <Button key={a.action} danger={a.kind === 'disposal'} onClick={() => navigate(`/estate/applications/new?kind=${a.kind}&cardId=${card.id}`)}>
              {a.label}
            </Button>
          )),
        can('update') && (
          <Button key="edit" icon={<EditOutlined />} onClick={() => setEditing(true)}>
            修改
          </Button>
        ),
      ].filter(Boolean)}
    >
      {card.openApplicationId !== null && (
        <Card size="small" style={{ marginBottom: 16 }}>
          该资产有正在办理的申请：<Link to={`/estate/applications/${card.openApplicationId}`}>申请 #{card.openApplicationId}</Link>，办结后才能再次申请。
        </Card>
      )}
      <Card title="基本信息" style={{ marginBottom: 16 }}>
        <Descriptions column={{ xs: 1, sm: 2, lg: 3 }}>
          <Descriptions.Item label="卡片编号">{card.cardNo}</Descriptions.Item>
          <Descriptions.Item label="资产分类">
            {card.classCode} {card.className}
          </Descriptions.Item>
          <Descriptions.Item label="类别">{card.kindName}</Descriptions.Item>
          <Descriptions.Item label="坐落院落">{card.compoundName}</Descriptions.Item>
          <Descriptions.Item label="楼座">{card.buildingName ?? '-'}</Descriptions.Item>
          <Descriptions.Item label="房间">{card.roomNo ?? '-'}</Descriptions.Item>
          <Descriptions.Item label="使用单位">{card.unitName}</Descriptions.Item>
          <Descriptions.Item label="取得方式">{card.acquisitionMethodName}</Descriptions.Item>
          <Descriptions.Item label="取得日期">{card.acquiredOn}</Descriptions.Item>
          <Descriptions.Item label="面积">{card.area === null ? '-' : `${card.area} ㎡`}</Descriptions.Item>
          <Descriptions.Item label="建成年份">{card.buildYear ?? '-'}</Descriptions.Item>
          <Descriptions.Item label="权证号">{card.certNo ?? '-'}</Descriptions.Item>
          {card.disposedOn && <Descriptions.Item label="核销日期">{card.disposedOn}</Descriptions.Item>}
        </Descriptions>
      </Card>
      <Card title="价值与折旧" style={{ marginBottom: 16 }}>
        <Space size={48} wrap>
          <Statistic title="原值" value={formatMoney(card.originalValue)} />
          <Statistic title="累计折旧" value={formatMoney(card.accumulatedDepreciation)} />
          <Statistic title="净值" value={formatMoney(card.netValue)} />
          <Statistic title="结构" value={card.structureName ?? '不计提折旧（土地）'} />
          <Statistic title="折旧年限" value={card.depreciationYears === null ? '-' : `${card.depreciationYears} 年`} />
        </Space>
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          按年限平均法按月计提，取得当月起计提，不留残值（政府会计准则第3号）；折旧年限按建筑结构取财会〔2017〕4号规定的最低年限。
        </Typography.Paragraph>
      </Card>
      <Card
        title="附件"
        style={{ marginBottom: 16 }}
        extra={
          can('attach') && (
            <Space>
              <Select value={category} onChange={setCategory} options={options(fileCategoryLabels)} style={{ width: 100 }} aria-label="附件类别" />
              <Upload accept={UPLOAD_ACCEPT} showUploadList={false} beforeUpload={(f) => (void attach(f), false)}>
                <Button icon={<UploadOutlined />} loading={uploading}>
                  上传
                </Button>
              </Upload>
            </Space>
          )
        }
      >
        {files.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无附件，可上传权证、照片、合同等" />
        ) : (
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={files}
            columns={[
              { title: '类别', dataIndex: 'categoryName', render: (v: string) => <Tag>{v}</Tag> },
              {
                title: '文件',
                dataIndex: 'name',
                render: (v: string, f) => (
                  <a href={`/api/estate/assets/${card.id}/files/${f.id}`}>
                    <PaperClipOutlined /> {v}
                  </a>
                ),
              },
              { title: '大小', dataIndex: 'size', render: (v: number) => `${(v / 1024).toFixed(1)} KB` },
              { title: '上传时间', dataIndex: 'uploadedAt', render: (v: string) => formatDateTime(v) },
            ]}
          />
        )}
      </Card>
      <Card title="履历">
        <Timeline
          items={events.map((e) => ({
            key: e.id,
            color: PHASE_COLOR[e.phase] ?? 'blue',
            children: (
              <div>
                <Space wrap>
                  <Typography.Text strong>
                    {e.kindName} · {e.phaseName}
                  </Typography.Text>
                  <Typography.Text type="secondary">{formatDateTime(e.at)}</Typography.Text>
                  {e.actorName && <Typography.Text type="secondary">{e.actorName}</Typography.Text>}
                  {e.applicationId && <Link to={`/estate/applications/${e.applicationId}`}>申请 #{e.applicationId}</Link>}
                </Space>
                <div style={{ whiteSpace: 'pre-wrap' }}>{e.summary}</div>
              </div>
            ),
          }))}
        />
      </Card>
      {editing && (
        <EditModal
          detail={q.data}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            message.success('已保存');
            refresh();
          }}
        />
      )}
    </PageContainer>
  );
}
