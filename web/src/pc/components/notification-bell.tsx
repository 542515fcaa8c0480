// The header bell: unread count (polled every 30 s), and a popover with the latest unread messages.
import { BellOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Badge, Button, Empty, List, Popover, Space, Spin, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import relativeTime from 'dayjs/plugin/relativeTime';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, unwrap } from '../../api/client';
import { labelOf } from '../labels';
import {
  NOTIFICATIONS_KEY,
  UNREAD_COUNT_KEY,
  notificationCategoryColors,
  notificationCategoryLabels,
  useNotificationActions,
} from '../pages/messages/notifications';

dayjs.extend(relativeTime);

const POLL_MS = 30_000;
const LATEST = 5;

export function useUnreadCount() {
  return useQuery({
    queryKey: UNREAD_COUNT_KEY,
    // silent: a dropped connection must not toast every 30 s (an expired session still goes to the login page)
    queryFn: () => unwrap(api.GET('/api/notifications/unread-count', { silent: true })),
    refetchInterval: POLL_MS,
    staleTime: 10_000,
  });
}

function LatestUnread({ onDone }: { onDone: () => void }) {
  const { open, markRead } = useNotificationActions();
  const latest = useQuery({
    queryKey: [...NOTIFICATIONS_KEY, 'latest-unread'],
    staleTime: 0,
    queryFn: () => unwrap(api.GET('/api/notifications', { params: { query: { page: 1, pageSize: LATEST, unread: true } } })),
  });
  const items = latest.data?.items ?? [];
  return (
    <>
      <Spin spinning={latest.isFetching && !latest.data}>
        {items.length === 0 && !latest.isPending ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有未读消息" style={{ margin: '16px 0' }} />
        ) : (
          <List
            size="small"
            dataSource={items}
            renderItem={(n) => (
              <List.Item
                style={{ cursor: 'pointer', paddingInline: 4 }}
                onClick={() => {
                  onDone();
                  void open(n);
                }}
              >
                <List.Item.Meta
                  title={
                    <Space size={4} style={{ width: '100%' }}>
                      <Tag color={notificationCategoryColors[n.category]} style={{ marginInlineEnd: 0 }}>
                        {labelOf(notificationCategoryLabels, n.category)}
                      </Tag>
                      <Typography.Text ellipsis style={{ maxWidth: 'min(230px, calc(100vw - 150px))' }}>
                        {n.title}
                      </Typography.Text>
                    </Space>
                  }
                  description={
                    <Tooltip title={dayjs(n.createdAt).format('YYYY-MM-DD HH:mm:ss')}>
                      <span style={{ fontSize: 12 }}>{dayjs(n.createdAt).fromNow()}</span>
                    </Tooltip>
                  }
                />
              </List.Item>
            )}
          />
        )}
      </Spin>
      <div style={{ display: 'flex', justifyContent: 'space-between', borderTop: '1px solid #f0f0f0', paddingTop: 8 }}>
        <Button size="small" type="text" disabled={items.length === 0} onClick={() => void markRead()}>
          全部已读
        </Button>
        <Link to="/messages" onClick={onDone}>
          查看全部消息
        </Link>
      </div>
    </>
  );
}

/** Fixed width even before the list loads, so the popover is placed for its final size (and fits a 375-px phone). */
const POPOVER_WIDTH = 'min(340px, calc(100vw - 56px))';

export function NotificationBell() {
  const [open, setOpen] = useState(false);
  const unread = useUnreadCount().data?.unread ?? 0;
  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      trigger="click"
      placement="bottom"
      title={`未读消息（${unread}）`}
      content={<div style={{ width: POPOVER_WIDTH }}>{open && <LatestUnread onDone={() => setOpen(false)} />}</div>}
      destroyTooltipOnHide
    >
      <Badge count={unread} size="small" overflowCount={99} offset={[-4, 4]}>
        <Button type="text" icon={<BellOutlined style={{ fontSize: 16 }} />} aria-label={unread ? `消息，${unread} 条未读` : '消息'} />
      </Badge>
    </Popover>
  );
}
