// 审批详情 (phone): header, form, flowchart, timeline, and a bottom bar 同意 / 拒绝 / 更多 with the PC's action logic.
import { Button, Drawer, Empty, Result, Skeleton, Space } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { isApiError } from '../../api/errors';
import { FlowChart } from '../../pc/components/flow-chart';
import { formatDateTime } from '../../pc/format';
import {
  ActionDialog,
  phoneActionBar,
  useInstanceDetail,
  type ActionButtonDef,
  type WorkflowAction,
} from '../../pc/pages/workflow/instance-actions';
import { FormValues, InstanceTimeline } from '../../pc/pages/workflow/instance-parts';
import { WorkflowStatusTag } from '../../pc/pages/workflow/workflow-columns';
import { MobileTopBar } from '../mobile-shell';
import { setPreferPc } from '../phone';

/** Actions after which the task is no longer mine: back to the list. */
const LEAVES_TASK: ReadonlySet<WorkflowAction> = new Set(['approve', 'reject', 'return', 'transfer', 'delegate', 'add_before', 'add_after']);

function BarButton({ def, onClick }: { def: ActionButtonDef; onClick: () => void }) {
  return (
    <Button type={def.type === 'primary' ? 'primary' : 'default'} danger={def.type === 'danger'} onClick={onClick}>
      {def.label}
    </Button>
  );
}

export function MobileInstancePage() {
  const params = useParams();
  const id = Number(params.id);
  const navigate = useNavigate();
  const detail = useInstanceDetail(id);
  const [dialog, setDialog] = useState<WorkflowAction | null>(null);
  const [sheet, setSheet] = useState(false);
  const pcLink = (
    <Link to={`/workflow/instances/${params.id ?? ''}`} className="m-topbar-link" onClick={() => setPreferPc(true)}>
      电脑版
    </Link>
  );
  const top = <MobileTopBar title="审批详情" back="/m/workflow" end={pcLink} />;

  if (!Number.isInteger(id) || id <= 0 || detail.isError) {
    const missing = !detail.isError || (isApiError(detail.error) && detail.error.status === 404);
    return (
      <>
        {top}
        <div className="m-body">
          <div className="m-card">
            <Result
              status={missing ? '404' : 'warning'}
              title={missing ? '审批不存在或无权查看' : '无法加载审批'}
              subTitle={missing ? undefined : detail.error?.message}
              extra={
                missing ? (
                  <Button onClick={() => navigate('/m/workflow', { replace: true })}>返回审批列表</Button>
                ) : (
                  <Button type="primary" onClick={() => void detail.refetch()}>
                    重试
                  </Button>
                )
              }
            />
          </div>
        </div>
      </>
    );
  }
  if (detail.isPending) {
    return (
      <>
        {top}
        <div className="m-body">
          <div className="m-card">
            <Skeleton active paragraph={{ rows: 6 }} />
          </div>
        </div>
      </>
    );
  }

  const d = detail.data;
  const bar = phoneActionBar(d._actions, d.myTaskId, d.myTaskKind);
  // without 同意/拒绝, the first other actions take their place
  const main = bar.main.length ? bar.main : bar.more.slice(0, bar.more.length > 2 ? 1 : 2);
  const more = bar.more.filter((b) => !main.includes(b));
  const hasBar = main.length + more.length > 0;

  return (
    <>
      {top}
      <div className={hasBar ? 'm-body m-body--with-bar' : 'm-body'}>
        <section className="m-card">
          <div className="m-head-title">{d.title}</div>
          <div style={{ marginTop: 6 }}>
            <WorkflowStatusTag status={d.status} statusName={d.statusName} />
          </div>
          <dl className="m-facts">
            <dt>审批类型</dt>
            <dd>{d.businessTypeName}</dd>
            <dt>发起人</dt>
            <dd>{d.starterName}</dd>
            <dt>发起单位</dt>
            <dd>{d.unitName}</dd>
            <dt>发起时间</dt>
            <dd>{formatDateTime(d.startedAt)}</dd>
            {d.finishedAt && (
              <>
                <dt>办结时间</dt>
                <dd>{formatDateTime(d.finishedAt)}</dd>
              </>
            )}
            <dt>流程版本</dt>
            <dd>第 {d.version} 版</dd>
          </dl>
        </section>
        <section className="m-card">
          <div className="m-card-title">申请内容</div>
          <FormValues form={d.form} column={1} />
        </section>
        <section className="m-card">
          <div className="m-card-title">审批流程</div>
          <FlowChart nodes={d.flow} />
        </section>
        <section className="m-card">
          <div className="m-card-title">办理记录</div>
          {d.timeline.length ? <InstanceTimeline detail={d} /> : <Empty description="暂无办理记录" />}
        </section>
      </div>
      {hasBar && (
        <nav className="m-bottombar" aria-label="审批操作">
          {main.map((b) => (
            <BarButton key={b.action} def={b} onClick={() => setDialog(b.action)} />
          ))}
          {more.length > 0 && (
            <Button className="m-bottombar-more" onClick={() => setSheet(true)}>
              更多
            </Button>
          )}
        </nav>
      )}
      <Drawer
        open={sheet}
        placement="bottom"
        height="auto"
        title="更多操作"
        onClose={() => setSheet(false)}
        className="m-sheet"
        styles={{ body: { paddingTop: 8 } }}
      >
        <Space direction="vertical" style={{ width: '100%' }} size={10}>
          {more.map((b) => (
            <Button
              key={b.action}
              block
              danger={b.type === 'danger'}
              onClick={() => {
                setSheet(false);
                setDialog(b.action);
              }}
            >
              {b.label}
            </Button>
          ))}
        </Space>
      </Drawer>
      {dialog && (
        <ActionDialog
          detail={d}
          action={dialog}
          onClose={() => setDialog(null)}
          onDone={(action) => {
            if (LEAVES_TASK.has(action)) navigate('/m/workflow', { replace: true });
          }}
        />
      )}
    </>
  );
}
