// 数据导入: choose what to import, download its template, upload the filled workbook, follow the progress, see the
// result (or the errors with the error workbook), and the history of one's own imports.
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { PageContainer, type ActionType } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Progress, Radio, Result, Space, Steps, Table, Typography, Upload } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { api, attempt, unwrap } from '../../../../api/client';
import { downloadExport } from '../../../../api/download';
import type { ApiResponse, ExportPath } from '../../../../api/types';
import { uploadFile, uploadProblem } from '../../../../api/upload';
import { ServerTable, type TableColumns } from '../../../components/server-table';

const BASE = '/api/estate/imports';
type Batch = ApiResponse<'/api/estate/imports/{id}'>;
type Kind = ApiResponse<'/api/estate/imports/kinds'>[number];
type KindCode = 'estate.compounds' | 'estate.buildings' | 'estate.rooms' | 'estate.occupancy';

const FINISHED = new Set(['succeeded', 'failed']);

/** A binary download through the shared export helper (errors shown in Chinese). */
const download = (path: string, name: string) => downloadExport(path as ExportPath, {}, name);

function useBatch(id: string | undefined) {
  return useQuery({
    queryKey: ['estate-import', id],
    enabled: !!id,
    queryFn: () => unwrap(api.GET('/api/estate/imports/{id}', { params: { path: { id: id! } } })),
    // poll while it runs
    refetchInterval: (q) => (q.state.data && FINISHED.has(q.state.data.status) ? false : 800),
  });
}

function BatchProgress({ batch }: { batch: Batch }) {
  if (batch.status === 'succeeded')
    return <Result status="success" title="导入成功" subTitle={batch.message ?? `已导入 ${batch.totalRows ?? 0} 行`} />;
  if (batch.status === 'failed')
    return (
      <Space direction="vertical" style={{ width: '100%' }}>
        <Alert
          type="error"
          showIcon
          message={batch.errorCount > 0 && batch.hasErrorFile ? `校验未通过，共 ${batch.errorCount} 处错误，未导入任何数据` : '导入失败，未导入任何数据'}
          description={batch.message}
          action={
            batch.hasErrorFile ? (
              <Button icon={<DownloadOutlined />} onClick={() => void download(`${BASE}/${batch.id}/errors`, '错误清单')}>
                下载错误清单
              </Button>
            ) : undefined
          }
        />
        {batch.errors.length > 0 && (
          <Table
            size="small"
            rowKey={(e) => `${e.rowNo}-${e.column}-${e.message}`}
            pagination={false}
            title={() => `前 ${batch.errors.length} 处错误（全部错误见错误清单，错误单元格已标红）`}
            dataSource={batch.errors}
            columns={[
              { title: '行号', dataIndex: 'rowNo', width: 80 },
              { title: '列', dataIndex: 'column', width: 220, render: (v: string) => v || '（整行）' },
              { title: '错误说明', dataIndex: 'message' },
            ]}
          />
        )}
      </Space>
    );
  const reading = batch.totalRows === null;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Progress percent={batch.status === 'committing' ? 99 : batch.percent} status="active" />
      <Typography.Text type="secondary">
        {batch.status === 'queued' && '排队中…'}
        {batch.status === 'validating' && (reading ? `正在读取文件，已读 ${batch.processedRows} 行…` : `正在校验 ${batch.processedRows} / ${batch.totalRows} 行…`)}
        {batch.status === 'committing' && `校验通过，正在写入 ${batch.totalRows} 行（全部成功或全部不写入）…`}
      </Typography.Text>
    </Space>
  );
}

export function ImportsPage() {
  const kinds = useQuery({ queryKey: ['estate-import-kinds'], queryFn: () => unwrap(api.GET('/api/estate/imports/kinds')) });
  const [kind, setKind] = useState<KindCode>();
  const [file, setFile] = useState<{ id: string; name: string }>();
  const [uploading, setUploading] = useState(false);
  const [starting, setStarting] = useState(false);
  const [batchId, setBatchId] = useState<string>();
  const batch = useBatch(batchId);
  const history = useRef<ActionType>();
  const current: Kind | undefined = kinds.data?.find((k) => k.code === kind);

  useEffect(() => {
    if (batch.data && FINISHED.has(batch.data.status)) void history.current?.reload();
  }, [batch.data?.status, batch.data]);

  const start = async () => {
    if (!kind || !file) return;
    setStarting(true);
    const res = await attempt(() => unwrap(api.POST('/api/estate/imports', { body: { kind, fileId: file.id } })));
    setStarting(false);
    if (res) setBatchId(res.id);
  };

  const step = !kind ? 0 : !file ? 1 : !batchId ? 2 : 3;
  const columns: TableColumns<'/api/estate/imports'> = [
    { title: '导入类型', dataIndex: 'kindTitle', width: 110, search: false },
    { title: '文件名', dataIndex: 'fileName', ellipsis: true, search: false },
    {
      title: '状态',
      dataIndex: 'status',
      width: 100,
      valueType: 'select',
      valueEnum: { queued: { text: '排队中' }, validating: { text: '校验中' }, committing: { text: '写入中' }, succeeded: { text: '导入成功', status: 'Success' }, failed: { text: '导入失败', status: 'Error' } },
    },
    { title: '数据行数', dataIndex: 'totalRows', width: 90, search: false },
    { title: '错误数', dataIndex: 'errorCount', width: 80, search: false },
    { title: '说明', dataIndex: 'message', ellipsis: true, search: false },
    { title: '开始时间', dataIndex: 'createdAt', valueType: 'dateTime', width: 170, sorter: true, search: false, key: 'createdAt' },
    {
      title: '操作',
      valueType: 'option',
      width: 160,
      render: (_, r) => [
        <a key="view" onClick={() => setBatchId(r.id)}>
          查看结果
        </a>,
        r.hasErrorFile ? (
          <a key="errors" onClick={() => void download(`${BASE}/${r.id}/errors`, '错误清单')}>
            错误清单
          </a>
        ) : null,
      ],
    },
  ];

  return (
    <PageContainer title="办公用房数据导入" content="按模板整理院落、楼座、房间和使用人数据，一次导入；任何一处错误都不会写入数据，并给出逐格的错误清单。">
      <Card>
        <Steps
          current={step}
          size="small"
          style={{ marginBottom: 24 }}
          items={[{ title: '选择数据类型' }, { title: '下载模板并上传' }, { title: '开始导入' }, { title: '查看结果' }]}
        />
        <Space direction="vertical" size="large" style={{ width: '100%' }}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            value={kind}
            onChange={(e) => {
              setKind(e.target.value as KindCode);
              setFile(undefined);
              setBatchId(undefined);
            }}
            options={(kinds.data ?? []).map((k) => ({ label: k.title, value: k.code }))}
          />
          {!kinds.isLoading && kinds.data?.length === 0 && <Alert type="info" message="您没有可导入的数据类型" />}
          {current && (
            <>
              <Space>
                <Button icon={<DownloadOutlined />} onClick={() => void download(`${BASE}/templates/${current.code}`, `${current.title}模板`)}>
                  下载“{current.title}”模板
                </Button>
                <Typography.Text type="secondary">
                  请先导入院落，再导入楼座、房间和使用人；每次最多 {current.maxRows.toLocaleString()} 行，文件不超过 10 MB。
                </Typography.Text>
              </Space>
              <Descriptions size="small" column={1} bordered title="模板列">
                {current.columns.map((c) => (
                  <Descriptions.Item key={c.header} label={`${c.header}${c.required ? '（必填）' : ''}`}>
                    {c.rule}
                  </Descriptions.Item>
                ))}
              </Descriptions>
              <Upload.Dragger
                accept=".xlsx"
                maxCount={1}
                showUploadList={false}
                disabled={uploading}
                beforeUpload={(f) => {
                  const problem = uploadProblem(f) ?? (/\.xlsx$/i.test(f.name) ? undefined : '请上传 .xlsx 格式的 Excel 文件');
                  if (problem) {
                    void attempt(() => Promise.reject(new Error(problem)));
                    return Upload.LIST_IGNORE;
                  }
                  setUploading(true);
                  setBatchId(undefined);
                  void attempt(() => uploadFile(f))
                    .then((up) => up && setFile({ id: up.id, name: up.name }))
                    .finally(() => setUploading(false));
                  return false;
                }}
              >
                <p className="ant-upload-drag-icon">
                  <InboxOutlined />
                </p>
                <p className="ant-upload-text">{uploading ? '正在上传…' : file ? `已上传：${file.name}（点击或拖入可更换）` : '点击或将填好的 .xlsx 文件拖到这里上传'}</p>
              </Upload.Dragger>
              <Button type="primary" disabled={!file || (!!batch.data && !FINISHED.has(batch.data.status))} loading={starting} onClick={() => void start()}>
                开始导入
              </Button>
            </>
          )}
          {batch.data && <BatchProgress batch={batch.data} />}
        </Space>
      </Card>
      <Card title="我的导入记录" style={{ marginTop: 16 }}>
        <ServerTable path="/api/estate/imports" columns={columns} rowKey="id" actionRef={history} exportPermission="estate:space:import" exportName="导入记录" search={false} />
      </Card>
    </PageContainer>
  );
}
