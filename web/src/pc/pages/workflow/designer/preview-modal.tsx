// 预览路径: fill a sample form (inputs from the business type's fields) and optionally a starter, and see the path
// and approvers the flow being edited would take. Nothing is written.
import { Alert, Button, Empty, Form, Input, InputNumber, Modal, Select, Spin, Switch } from 'antd';
import { useState } from 'react';
import { api, attempt, unwrap } from '../../../../api/client';
import { FlowChart, type FlowNode } from '../../../components/flow-chart';
import { WorkflowUserSelect } from '../../../components/workflow-user-select';
import type { FormField } from './condition';
import { normalizeTree, type ProcessTree } from './tree';

export interface PreviewModalProps {
  type: string;
  tree: ProcessTree;
  fields: readonly FormField[];
  onClose: () => void;
}

type SampleValues = Record<string, unknown> & { starterId?: number };

function FieldInput({ field }: { field: FormField }) {
  const options = field.options?.map((o) => ({ value: o.value, label: o.label }));
  switch (field.type) {
    case 'number':
      return <InputNumber style={{ width: '100%' }} placeholder="数值" />;
    case 'boolean':
      return <Switch checkedChildren="是" unCheckedChildren="否" />;
    case 'array':
      return <Select mode="tags" options={options} placeholder="输入后回车，可多个" tokenSeparators={[',', '，']} />;
    default:
      return options?.length ? <Select allowClear options={options} placeholder="请选择" /> : <Input placeholder="文字" maxLength={500} />;
  }
}

export function PreviewModal({ type, tree, fields, onClose }: PreviewModalProps) {
  const [form] = Form.useForm<SampleValues>();
  const [nodes, setNodes] = useState<FlowNode[] | null>(null);
  const [loading, setLoading] = useState(false);

  const run = async () => {
    const { starterId, ...sample } = form.getFieldsValue();
    const formValues = Object.fromEntries(Object.entries(sample).filter(([, v]) => v !== undefined && v !== null && v !== ''));
    setLoading(true);
    const result = await attempt(() =>
      unwrap(
        api.POST('/api/workflow/definitions/{type}/preview', {
          params: { path: { type } },
          body: { tree: normalizeTree(tree), form: formValues, ...(starterId ? { starterId } : {}) },
        }),
      ),
    );
    setLoading(false);
    if (result) setNodes(result);
  };

  return (
    <Modal
      open
      title="预览审批路径"
      width={880}
      onCancel={onClose}
      footer={<Button onClick={onClose}>关闭</Button>}
      destroyOnClose
    >
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        message="按正在编辑的流程（含未保存的修改）计算：填写示例表单和发起人，查看会经过哪些节点、由谁审批。预览不产生任何数据。"
      />
      <Form<SampleValues>
        form={form}
        layout="vertical"
        initialValues={Object.fromEntries(fields.filter((f) => f.type === 'boolean').map((f) => [f.key, false]))}
        style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(200px, 1fr))', columnGap: 16 }}
        onFinish={() => void run()}
      >
        {fields.map((field) => (
          <Form.Item key={field.key} name={field.key} label={field.label} valuePropName={field.type === 'boolean' ? 'checked' : 'value'}>
            <FieldInput field={field} />
          </Form.Item>
        ))}
        <Form.Item name="starterId" label="发起人" tooltip="不选则以您本人作为发起人">
          <WorkflowUserSelect placeholder="默认为本人" />
        </Form.Item>
        <Form.Item label=" ">
          <Button type="primary" htmlType="submit" loading={loading}>
            预览路径
          </Button>
        </Form.Item>
      </Form>
      <Spin spinning={loading}>
        <div style={{ maxHeight: '55vh', overflow: 'auto', padding: '8px 0' }}>
          {nodes ? <FlowChart nodes={nodes} /> : <Empty description="填写示例表单后点击“预览路径”" />}
        </div>
      </Spin>
    </Modal>
  );
}
