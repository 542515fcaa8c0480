// 审批 (phone): 待办 / 已办 / 我发起的 / 抄送 as cards, 20 at a time with 加载更多.
import { ReloadOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Empty, Input, Skeleton, Space, Tabs, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api, unwrap } from '../../api/client';
import { OverdueTag, WorkflowStatusTag, type WorkflowRow } from '../../pc/pages/workflow/workflow-columns';
import { usePendingCount, workflowKeys } from '../../pc/pages/workflow/instance-actions';
import { MobileTopBar } from '../mobile-shell';
import { pcEquivalent, setPreferPc } from '../phone';

type MobileTab = 'pending' | 'done' | 'mine' | 'cc';

const TABS: ReadonlyArray<{ key: MobileTab; label: string; empty: string }> = [
  { key: 'pending', label: '待办', empty: '暂无待办' },
  { key: 'done', label: '已办', empty: '暂无已办的审批' },
  { key: 'mine', label: '我发起的', empty: '您还没有发起过审批' },
  { key: 'cc', label: '抄送', empty: '暂无抄送给您的审批' },
];

const PAGE_SIZE = 20;

function isTab(value: string | null): value is MobileTab {
  return TABS.some((t) => t.key === value);
}

interface Page {
  items: WorkflowRow[];
  total: number;
  page: number;
}

async function fetchPage(tab: MobileTab, page: number, keyword: string): Promise<Page> {
  const filters = { page, pageSize: PAGE_SIZE, ...(keyword ? { keyword } : {}) };
  const data =
    tab === 'mine'
      ? await unwrap(api.GET('/api/workflow/my-instances', { params: { query: filters } }))
      : await unwrap(api.GET('/api/workflow/tasks', { params: { query: { ...filters, box: tab } } }));
  return { items: data.items, total: data.total, page };
}

function when(value: string | null): string {
  if (!value) return '';
  const d = dayjs(value);
  if (d.isSame(dayjs(), 'day')) return `今天 ${d.format('HH:mm')}`;
  return d.year() === dayjs().year() ? d.format('MM-DD HH:mm') : d.format('YYYY-MM-DD');
}

function ItemCard({ row, tab }: { row: WorkflowRow; tab: MobileTab }) {
  const time = tab === 'pending' || tab === 'cc' ? row.receivedAt : tab === 'done' ? row.actedAt : row.startedAt;
  const timeLabel = tab === 'pending' || tab === 'cc' ? '收到' : tab === 'done' ? '处理' : '发起';
  return (
    <Link to={`/m/workflow/instances/${row.instanceId}`} className="m-card m-item">
      <div className="m-item-title">
        {row.title} {row.overdue && <OverdueTag />}
      </div>
      <div className="m-item-meta">
        <Tag bordered={false} color="blue" style={{ marginInlineEnd: 0 }}>
          {row.businessTypeName}
        </Tag>
        <span>{row.starterName}</span>
        <span>{row.unitName}</span>
      </div>
      <div className="m-item-foot">
        <span>
          {tab === 'pending' ? (
            row.nodeName ? `节点：${row.nodeName}` : ''
          ) : (
            <Space size={6}>
              <WorkflowStatusTag status={row.status} statusName={row.statusName} />
              {row.status === 'running' && row.nodeName && <span>{row.nodeName}</span>}
            </Space>
          )}
        </span>
        <span>
          {timeLabel} {when(time)}
          {tab === 'pending' && row.dueAt && (
            <span style={{ color: row.overdue ? '#cf1322' : undefined }}> · 时限 {when(row.dueAt)}</span>
          )}
        </span>
      </div>
    </Link>
  );
}

function TabList({ tab, keyword }: { tab: MobileTab; keyword: string }) {
  const list = useInfiniteQuery({
    queryKey: [...workflowKeys.list(tab), keyword],
    initialPageParam: 1,
    staleTime: 0,
    queryFn: ({ pageParam }) => fetchPage(tab, pageParam, keyword),
    getNextPageParam: (last, pages) => {
      const loaded = pages.reduce((n, p) => n + p.items.length, 0);
      return loaded < last.total && last.items.length > 0 ? last.page + 1 : undefined;
    },
  });
  const empty = TABS.find((t) => t.key === tab)?.empty ?? '暂无数据';

  if (list.isPending) {
    return (
      <div className="m-card">
        <Skeleton active paragraph={{ rows: 3 }} />
      </div>
    );
  }
  if (list.isError) {
    return (
      <div className="m-card" style={{ textAlign: 'center' }}>
        <Empty description="加载失败" image={Empty.PRESENTED_IMAGE_SIMPLE}>
          <Button onClick={() => void list.refetch()}>重试</Button>
        </Empty>
      </div>
    );
  }
  const rows = list.data.pages.flatMap((p) => p.items);
  const total = list.data.pages[0]?.total ?? 0;
  if (rows.length === 0) {
    return (
      <div className="m-card">
        <Empty description={keyword ? `没有标题含“${keyword}”的审批` : empty} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      </div>
    );
  }
  return (
    <>
      {rows.map((row) => (
        <ItemCard key={`${row.instanceId}-${row.taskId ?? 0}`} row={row} tab={tab} />
      ))}
      <div className="m-more">
        {list.hasNextPage ? (
          <Button block loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            加载更多（已显示 {rows.length} / {total}）
          </Button>
        ) : (
          <span>共 {total} 条，没有更多了</span>
        )}
      </div>
    </>
  );
}

export function MobileWorkflowListPage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const wanted = searchParams.get('tab');
  const tab: MobileTab = isTab(wanted) ? wanted : 'pending';
  const [keyword, setKeyword] = useState('');
  const pending = usePendingCount();
  const [refreshing, setRefreshing] = useState(false);
  const queryClient = useQueryClient();
  const pcPath = pcEquivalent('/m/workflow', tab === 'pending' ? '' : `?tab=${tab}`);

  return (
    <>
      <MobileTopBar
        title="审批"
        end={
          <Space size={4}>
            <Button
              type="text"
              size="small"
              aria-label="刷新"
              icon={<ReloadOutlined spin={refreshing} />}
              onClick={() => {
                setRefreshing(true);
                void queryClient.invalidateQueries({ queryKey: workflowKeys.all }).finally(() => setRefreshing(false));
              }}
            />
            <Link to={pcPath} className="m-topbar-link" onClick={() => setPreferPc(true)}>
              电脑版
            </Link>
          </Space>
        }
      />
      <div className="m-tabs">
        <Tabs
          activeKey={tab}
          centered
          size="middle"
          onChange={(key) => setSearchParams(key === 'pending' ? {} : { tab: key }, { replace: true })}
          items={TABS.map((t) => ({
            key: t.key,
            label:
              t.key === 'pending' && pending.data ? (
                <Badge count={pending.data} size="small" offset={[8, -2]} overflowCount={99}>
                  <span>{t.label}</span>
                </Badge>
              ) : (
                t.label
              ),
          }))}
        />
      </div>
      <div className="m-body">
        <Input.Search
          allowClear
          placeholder="搜索标题"
          enterButton="搜索"
          onSearch={(value) => setKeyword(value.trim())}
          style={{ marginBottom: 10 }}
        />
        <TabList key={tab} tab={tab} keyword={keyword} />
      </div>
    </>
  );
}
