// 消息中心: my messages (待办, 结果, 抄送, 催办, 提醒, 超时, 系统), newest first; all or unread only, by category.
// Clicking a message marks it read and opens what it is about. Fits a 375-px phone.
import { CheckOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { App, Badge, Button, Card, Empty, List, Popconfirm, Segmented, Select, Space, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { api, unwrap } from '../../../api/client';
import { formatDateTime } from '../../format';
import { labelOf, optionsOf } from '../../labels';
import {
  NOTIFICATIONS_KEY,
  internalLink,
  notificationCategoryColors,
  notificationCategoryLabels,
  useNotificationActions,
  type Notification,
  type NotificationCategory,
} from './notifications';

const PAGE_SIZE = 20;

function when(value: string): string {
  const d = dayjs(value);
  if (d.isSame(dayjs(), 'day')) return d.format('HH:mm');
  if (d.isSame(dayjs(), 'year')) return d.format('MM-DD HH:mm');
  return d.format('YYYY-MM-DD');
}

function MessageItem({ n, onOpen, onRead }: { n: Notification; onOpen: () => void; onRead: () => void }) {
  const unread = !n.readAt;
  const link = internalLink(n.link);
  return (
    <List.Item
      style={{ cursor: link || unread ? 'pointer' : 'default', paddingInline: 12, background: unread ? '#f6f9ff' : undefined, alignItems: 'flex-start' }}
      onClick={onOpen}
    >
      <div style={{ display: 'flex', gap: 8, minWidth: 0, width: '100%' }}>
        <div style={{ paddingTop: 2 }}>
          <Badge dot={unread} offset={[-2, 2]}>
            <Tag color={notificationCategoryColors[n.category]} style={{ marginInlineEnd: 0 }}>
              {labelOf(notificationCategoryLabels, n.category)}
            </Tag>
          </Badge>
        </div>
        <div style={{ minWidth: 0, flex: 1 }}>
          <div style={{ display: 'flex', gap: 8, justifyContent: 'space-between', alignItems: 'baseline' }}>
            <Typography.Text strong={unread} style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
              {n.title}
            </Typography.Text>
            <span style={{ display: 'inline-flex', alignItems: 'center', gap: 2, flex: 'none' }}>
              <Tooltip title={formatDateTime(n.createdAt)}>
                <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
                  {when(n.createdAt)}
                </Typography.Text>
              </Tooltip>
              {unread && (
                <Tooltip title="标为已读">
                  <Button
                    type="text"
                    size="small"
                    icon={<CheckOutlined />}
                    aria-label="标为已读"
                    onClick={(e) => {
                      e.stopPropagation();
                      onRead();
                    }}
                  />
                </Tooltip>
              )}
            </span>
          </div>
          {n.body && (
            <Typography.Paragraph type="secondary" style={{ margin: '2px 0 0', fontSize: 13, overflowWrap: 'anywhere' }} ellipsis={{ rows: 2 }}>
              {n.body}
            </Typography.Paragraph>
          )}
        </div>
      </div>
    </List.Item>
  );
}

export function MessagesPage() {
  const { message } = App.useApp();
  const [onlyUnread, setOnlyUnread] = useState(false);
  const [category, setCategory] = useState<NotificationCategory | undefined>();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(PAGE_SIZE);
  const { open, markRead } = useNotificationActions();

  const query = { page, pageSize, ...(onlyUnread ? { unread: true } : {}), ...(category ? { category } : {}) };
  const list = useQuery({
    queryKey: [...NOTIFICATIONS_KEY, 'list', query],
    placeholderData: keepPreviousData,
    staleTime: 0,
    queryFn: () => unwrap(api.GET('/api/notifications', { params: { query } })),
  });
  const data = list.data;
  const unread = data?.unread ?? 0;

  const readAll = async () => {
    const result = await markRead();
    if (result) message.success(result.updated ? `已将 ${result.updated} 条消息标为已读` : '没有未读消息');
  };

  const empty = onlyUnread ? '没有未读消息' : category ? `没有“${labelOf(notificationCategoryLabels, category)}”类消息` : '暂无消息；待办、审批结果、抄送和提醒会出现在这里';

  return (
    <PageContainer title="消息中心">
      <Card
        styles={{ body: { padding: 0 } }}
        title={
          <Space wrap size={8} style={{ paddingBlock: 8 }}>
            <Segmented
              value={onlyUnread ? 'unread' : 'all'}
              onChange={(v) => {
                setOnlyUnread(v === 'unread');
                setPage(1);
              }}
              options={[
                { value: 'all', label: '全部' },
                { value: 'unread', label: `未读${unread ? ` ${unread}` : ''}` },
              ]}
            />
            <Select<NotificationCategory>
              allowClear
              style={{ width: 120 }}
              placeholder="全部类别"
              value={category}
              options={optionsOf(notificationCategoryLabels) as { value: NotificationCategory; label: string }[]}
              onChange={(v) => {
                setCategory(v);
                setPage(1);
              }}
              aria-label="消息类别"
            />
          </Space>
        }
        extra={
          <Popconfirm title={`将全部 ${unread} 条未读消息标为已读？`} okText="确定" cancelText="取消" onConfirm={readAll} disabled={!unread}>
            <Button size="small" disabled={!unread}>
              全部已读
            </Button>
          </Popconfirm>
        }
      >
        <List
          loading={list.isFetching}
          dataSource={data?.items ?? []}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} /> }}
          renderItem={(n) => <MessageItem key={n.id} n={n} onOpen={() => void open(n)} onRead={() => void markRead([n.id])} />}
          pagination={
            data && data.total > 0
              ? {
                  current: page,
                  pageSize,
                  total: data.total,
                  showSizeChanger: true,
                  pageSizeOptions: [10, 20, 50, 100],
                  size: 'small',
                  showTotal: (total) => `共 ${total} 条`,
                  onChange: (p, s) => {
                    setPage(s !== pageSize ? 1 : p);
                    setPageSize(s);
                  },
                  style: { padding: '0 12px 12px', flexWrap: 'wrap', rowGap: 8 },
                }
              : false
          }
        />
      </Card>
    </PageContainer>
  );
}
