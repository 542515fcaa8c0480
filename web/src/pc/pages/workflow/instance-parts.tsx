// Pieces of the approval detail shared by the PC and phone pages: the form values and the timeline of actions.
import { Descriptions, Empty, Space, Timeline, Typography } from 'antd';
import type { ReactNode } from 'react';
import { formatDateTime } from '../../format';
import { AttachmentLink, actionColor, actionVerb, describeEntry, type InstanceDetail } from './instance-actions';

type FormEntry = InstanceDetail['form'][number];

export function FormValues({ form, column }: { form: FormEntry[]; column?: number | Partial<Record<'xs' | 'sm' | 'md' | 'lg' | 'xl' | 'xxl', number>> }) {
  if (form.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有表单内容" />;
  return (
    <Descriptions
      bordered
      size="small"
      column={column ?? { xs: 1, sm: 1, md: 1, lg: 1, xl: 1, xxl: 2 }}
      styles={{ label: { whiteSpace: 'nowrap', width: '1%' } }}
      items={form.map((f) => ({
        key: f.key,
        label: f.label,
        children: <span style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{f.display}</span>,
      }))}
    />
  );
}

/** The actions taken so far, oldest first, with comments and downloadable attachments. */
export function InstanceTimeline({ detail }: { detail: InstanceDetail }) {
  if (detail.timeline.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无办理记录" />;
  return (
    <Timeline
      items={detail.timeline.map((entry) => {
        const body: ReactNode = (
          <Space direction="vertical" size={2} style={{ width: '100%' }}>
            <Space size={8} wrap>
              <Typography.Text strong>{describeEntry(entry)}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatDateTime(entry.at)}
              </Typography.Text>
            </Space>
            {entry.comment && (
              <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                {entry.comment}
              </Typography.Paragraph>
            )}
            {entry.files.length > 0 && (
              <Space direction="vertical" size={0}>
                {entry.files.map((file) => (
                  <AttachmentLink key={file.id} instanceId={detail.id} file={file} />
                ))}
              </Space>
            )}
          </Space>
        );
        return { key: entry.id, color: actionColor(entry.action), children: body, 'aria-label': actionVerb(entry.action) };
      })}
    />
  );
}
