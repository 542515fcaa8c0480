// What one can do on an approval, shared by the PC detail page and the phone page: the buttons (exactly the detail's
// `_actions`), the dialog of each action, the API calls, the messages and the queries refreshed afterwards.
// A 409 (TASK_HANDLED / WF_FINISHED: someone was quicker) shows the server's message and reloads the approval.
import { PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Modal, Radio, Upload, type UploadFile } from 'antd';
import { useContext, useState } from 'react';
import { api, unwrap } from '../../../api/client';
import { downloadAttachment } from '../../../api/download';
import { isApiError, type ApiError } from '../../../api/errors';
import type { ApiResponse } from '../../../api/types';
import { UPLOAD_ACCEPT, uploadFile, uploadProblem, type UploadedFile } from '../../../api/upload';
import { WorkflowUserSelect, WorkflowUsersSelect } from '../../components/workflow-user-select';
import { applyFieldErrors } from '../../form-errors';
import { MeContext } from '../../me';

export type InstanceDetail = ApiResponse<'/api/workflow/instances/{id}'>;
export type TimelineEntry = InstanceDetail['timeline'][number];

/** Query keys of the approval centre; everything lives under ['workflow'] so one invalidation refreshes it all. */
export const workflowKeys = {
  all: ['workflow'] as const,
  instance: (id: number) => ['workflow', 'instance', id] as const,
  pendingCount: ['workflow', 'pending-count'] as const,
  list: (box: string) => ['workflow', 'list', box] as const,
};

export function useInstanceDetail(id: number) {
  return useQuery({
    queryKey: workflowKeys.instance(id),
    enabled: Number.isInteger(id) && id > 0,
    staleTime: 0,
    queryFn: () => unwrap(api.GET('/api/workflow/instances/{id}', { params: { path: { id } } })),
  });
}

/** Number of my pending tasks (the 待办 badge). */
export function usePendingCount() {
  return useQuery({
    queryKey: workflowKeys.pendingCount,
    staleTime: 0,
    queryFn: async () =>
      (await unwrap(api.GET('/api/workflow/tasks', { params: { query: { box: 'pending', page: 1, pageSize: 1 } }, lookup: true })))
        .total,
  });
}

// ------------------------------------------------------------------ the buttons

export type WorkflowAction =
  | 'approve'
  | 'reject'
  | 'return'
  | 'transfer'
  | 'delegate'
  | 'add_before'
  | 'add_after'
  | 'withdraw'
  | 'urge'
  | 'cancel'
  | 'comment';

export interface ActionButtonDef {
  action: WorkflowAction;
  label: string;
  type: 'primary' | 'danger' | 'default';
  /** acts on my task (needs myTaskId) rather than on the instance */
  onTask: boolean;
}

/** Every action in the order the buttons appear. */
export const ACTION_BUTTONS: readonly ActionButtonDef[] = [
  { action: 'approve', label: '同意', type: 'primary', onTask: true },
  { action: 'reject', label: '拒绝', type: 'danger', onTask: true },
  { action: 'return', label: '退回', type: 'default', onTask: true },
  { action: 'transfer', label: '转办', type: 'default', onTask: true },
  { action: 'delegate', label: '委派', type: 'default', onTask: true },
  { action: 'add_before', label: '前加签', type: 'default', onTask: true },
  { action: 'add_after', label: '后加签', type: 'default', onTask: true },
  { action: 'withdraw', label: '撤回', type: 'default', onTask: false },
  { action: 'urge', label: '催办', type: 'default', onTask: false },
  { action: 'cancel', label: '取消审批', type: 'danger', onTask: false },
  { action: 'comment', label: '评论', type: 'default', onTask: false },
];

/**
 * The buttons to show: exactly the allowed actions the UI knows, in ACTION_BUTTONS order. Task actions need my task;
 * unknown action names are ignored.
 */
export function actionButtons(
  allowed: readonly string[] | null | undefined,
  myTaskId: number | null = null,
  myTaskKind: 'approve' | 'delegate' | null = null,
): ActionButtonDef[] {
  const granted = new Set(allowed ?? []);
  return ACTION_BUTTONS.filter((b) => granted.has(b.action) && (!b.onTask || myTaskId !== null)).map((b) =>
    // a task delegated to me asks for an opinion, not a decision
    b.action === 'approve' && myTaskKind === 'delegate' ? { ...b, label: '办理' } : b,
  );
}

/** The phone's bottom bar: 同意 and 拒绝 as buttons, everything else under 更多. */
export function phoneActionBar(
  allowed: readonly string[] | null | undefined,
  myTaskId: number | null = null,
  myTaskKind: 'approve' | 'delegate' | null = null,
): { main: ActionButtonDef[]; more: ActionButtonDef[] } {
  const all = actionButtons(allowed, myTaskId, myTaskKind);
  const isMain = (b: ActionButtonDef) => b.action === 'approve' || b.action === 'reject';
  return { main: all.filter(isMain), more: all.filter((b) => !isMain(b)) };
}

// ------------------------------------------------------------------ the timeline's words

/** The verb of each timeline action. */
export const ACTION_VERBS: Readonly<Record<string, string>> = {
  start: '发起',
  approve: '同意',
  reject: '拒绝',
  return: '退回',
  transfer: '转办',
  delegate: '委派',
  resolve: '委派办理完成',
  add_before: '前加签',
  add_after: '后加签',
  withdraw: '撤回',
  cancel: '取消',
  urge: '催办',
  comment: '评论',
  skip: '自动跳过',
  fallback: '转交管理员',
  cc: '抄送',
  remind: '提醒',
  timeout: '超时自动处理',
  finish: '结束',
};

export function actionVerb(action: string): string {
  return ACTION_VERBS[action] ?? action;
}

/** Timeline dot colour of an action. */
export function actionColor(action: string): string {
  switch (action) {
    case 'approve':
    case 'resolve':
    case 'finish':
      return 'green';
    case 'reject':
    case 'cancel':
    case 'return':
      return 'red';
    case 'start':
    case 'comment':
      return 'blue';
    case 'urge':
    case 'timeout':
    case 'remind':
    case 'fallback':
      return 'orange';
    default:
      return 'gray';
  }
}

/** "张三 转办 给 李四" style sentence of a timeline entry (without comment and time). */
export function describeEntry(entry: TimelineEntry): string {
  const actor = entry.actorName ?? '系统';
  const verb = actionVerb(entry.action);
  if (!entry.targetName) return `${actor} ${verb}`;
  switch (entry.action) {
    case 'transfer':
    case 'delegate':
      return `${actor} ${verb}给 ${entry.targetName}`;
    case 'add_before':
    case 'add_after':
      return `${actor} ${verb}：${entry.targetName}`;
    default:
      return `${actor} ${verb} ${entry.targetName}`;
  }
}

/** "1.2 MB" */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A downloadable attachment of the timeline. */
export function AttachmentLink({ instanceId, file }: { instanceId: number; file: TimelineEntry['files'][number] }) {
  const [busy, setBusy] = useState(false);
  return (
    <Button
      type="link"
      size="small"
      icon={<PaperClipOutlined />}
      loading={busy}
      style={{ paddingInline: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'start' }}
      onClick={() => {
        setBusy(true);
        void downloadAttachment(instanceId, file.id, file.name).finally(() => setBusy(false));
      }}
    >
      {file.name}（{formatFileSize(file.size)}）
    </Button>
  );
}

// ------------------------------------------------------------------ calling the API

export interface ActionValues {
  comment?: string;
  files?: UploadFile<UploadedFile>[];
  userId?: number;
  userIds?: number[];
  toNodeId?: string;
}

function fileIdsOf(values: ActionValues): string[] | undefined {
  const ids = (values.files ?? []).flatMap((f) => (f.status === 'done' && f.response ? [f.response.id] : []));
  return ids.length ? ids : undefined;
}

function trimmed(text: string | undefined): string | undefined {
  const t = text?.trim();
  return t ? t : undefined;
}

/** Runs one action; resolves to the success message. Throws ApiError (already shown to the user). */
export async function performAction(
  detail: InstanceDetail,
  action: WorkflowAction,
  values: ActionValues,
  names: { user?: string; node?: string } = {},
): Promise<string> {
  const comment = trimmed(values.comment);
  const fileIds = fileIdsOf(values);
  const taskId = detail.myTaskId;
  const instance = { params: { path: { id: detail.id } } };
  const needTask = (): number => {
    if (taskId === null) throw new Error(`${action} needs my task`);
    return taskId;
  };
  switch (action) {
    case 'approve':
      await unwrap(api.POST('/api/workflow/tasks/{id}/approve', { params: { path: { id: needTask() } }, body: { comment, fileIds } }));
      return '已同意';
    case 'reject':
      await unwrap(
        api.POST('/api/workflow/tasks/{id}/reject', { params: { path: { id: needTask() } }, body: { comment: comment ?? '', fileIds } }),
      );
      return '已拒绝';
    case 'return':
      await unwrap(
        api.POST('/api/workflow/tasks/{id}/reject', {
          params: { path: { id: needTask() } },
          body: { comment: comment ?? '', toNodeId: values.toNodeId, fileIds },
        }),
      );
      return names.node ? `已退回到“${names.node}”` : '已退回';
    case 'transfer':
      await unwrap(
        api.POST('/api/workflow/tasks/{id}/transfer', { params: { path: { id: needTask() } }, body: { userId: values.userId ?? 0, comment } }),
      );
      return names.user ? `已转办给 ${names.user}` : '已转办';
    case 'delegate':
      await unwrap(
        api.POST('/api/workflow/tasks/{id}/delegate', { params: { path: { id: needTask() } }, body: { userId: values.userId ?? 0, comment } }),
      );
      return names.user ? `已委派给 ${names.user}，对方办理后回到您这里` : '已委派';
    case 'add_before':
    case 'add_after':
      await unwrap(
        api.POST('/api/workflow/tasks/{id}/add-approvers', {
          params: { path: { id: needTask() } },
          body: { userIds: values.userIds ?? [], where: action === 'add_before' ? 'before' : 'after', comment },
        }),
      );
      return action === 'add_before' ? '已前加签，他们审批后回到您这里' : '已同意并后加签';
    case 'withdraw':
      await unwrap(api.POST('/api/workflow/instances/{id}/withdraw', { ...instance, body: { comment } }));
      return '已撤回';
    case 'urge':
      await unwrap(api.POST('/api/workflow/instances/{id}/urge', { ...instance, body: { comment } }));
      return '已催办，当前审批人会收到提醒';
    case 'cancel':
      await unwrap(api.POST('/api/workflow/instances/{id}/cancel', { ...instance, body: { comment: comment ?? '' } }));
      return '已取消审批';
    case 'comment':
      await unwrap(api.POST('/api/workflow/instances/{id}/comments', { ...instance, body: { comment: comment ?? '', fileIds } }));
      return '已发表评论';
  }
}

/** Someone else acted first or the approval ended meanwhile: the data on screen is stale. */
export function isStale(error: ApiError): boolean {
  return error.status === 409 || error.code === 'TASK_HANDLED' || error.code === 'WF_FINISHED' || error.status === 404;
}

// ------------------------------------------------------------------ the dialogs

interface DialogSpec {
  title: string;
  ok: string;
  danger?: boolean;
  hint?: string;
  comment: 'optional' | 'required' | 'either';
  commentLabel: string;
  files: boolean;
  people?: 'one' | 'many';
  returnTarget?: boolean;
}

const DIALOGS: Readonly<Record<WorkflowAction, DialogSpec>> = {
  approve: { title: '同意', ok: '同意', comment: 'optional', commentLabel: '审批意见', files: true },
  reject: {
    title: '拒绝',
    ok: '拒绝',
    danger: true,
    hint: '拒绝后本节点按审批方式判定，通常本审批随即结束为“审批未通过”。如只需对方修改，请用“退回”。',
    comment: 'required',
    commentLabel: '拒绝理由',
    files: true,
  },
  return: {
    title: '退回',
    ok: '退回',
    hint: '退回到已审批通过的前序节点，由该节点重新审批。',
    comment: 'required',
    commentLabel: '退回理由',
    files: true,
    returnTarget: true,
  },
  transfer: {
    title: '转办',
    ok: '转办',
    hint: '转办后由对方在本节点代替您审批，此待办不再由您处理。',
    comment: 'optional',
    commentLabel: '说明',
    files: false,
    people: 'one',
  },
  delegate: {
    title: '委派',
    ok: '委派',
    hint: '请对方提出意见，对方办理后待办回到您这里，由您决定。',
    comment: 'optional',
    commentLabel: '说明',
    files: false,
    people: 'one',
  },
  add_before: {
    title: '前加签',
    ok: '加签',
    hint: '先由所选人员依次审批，全部同意后再回到您审批。',
    comment: 'optional',
    commentLabel: '说明',
    files: false,
    people: 'many',
  },
  add_after: {
    title: '后加签',
    ok: '同意并加签',
    hint: '您的审批记为“同意”，之后由所选人员依次审批。',
    comment: 'optional',
    commentLabel: '审批意见',
    files: false,
    people: 'many',
  },
  withdraw: {
    title: '撤回审批',
    ok: '撤回',
    danger: true,
    hint: '撤回后本审批结束，待办全部失效；如需继续可重新发起。',
    comment: 'optional',
    commentLabel: '撤回原因',
    files: false,
  },
  urge: { title: '催办', ok: '催办', hint: '提醒当前审批人尽快处理。', comment: 'optional', commentLabel: '留言', files: false },
  cancel: {
    title: '取消审批',
    ok: '取消审批',
    danger: true,
    hint: '取消后本审批立即结束，所有待办失效，不能恢复。',
    comment: 'required',
    commentLabel: '取消原因',
    files: false,
  },
  comment: { title: '评论', ok: '发表', comment: 'either', commentLabel: '评论内容', files: true },
};

/** antd Upload bound to a form field: uploads each file to /api/files at once; the field holds the file list. */
export function AttachmentUpload({ value, onChange }: { value?: UploadFile<UploadedFile>[]; onChange?: (files: UploadFile<UploadedFile>[]) => void }) {
  const { message } = App.useApp();
  const files = value ?? [];
  return (
    <Upload<UploadedFile>
      multiple
      accept={UPLOAD_ACCEPT}
      fileList={files}
      maxCount={10}
      beforeUpload={(file) => {
        const problem = uploadProblem(file);
        if (problem) {
          void message.error(problem);
          return Upload.LIST_IGNORE;
        }
        return true;
      }}
      customRequest={({ file, onSuccess, onError }) => {
        uploadFile(file as File)
          .then((uploaded) => onSuccess?.(uploaded))
          .catch((error: unknown) => onError?.(error instanceof Error ? error : new Error('上传失败')));
      }}
      onChange={({ fileList }) => onChange?.(fileList.map((f) => (f.status === 'error' ? { ...f, response: undefined } : f)))}
    >
      <Button icon={<UploadOutlined />}>添加附件</Button>
    </Upload>
  );
}

export interface ActionDialogProps {
  detail: InstanceDetail;
  action: WorkflowAction;
  onClose: () => void;
  /** after success (message shown, queries refreshed) */
  onDone?: (action: WorkflowAction) => void;
}

const COMMENT_MAX = 2000;

export function ActionDialog({ detail, action, onClose, onDone }: ActionDialogProps) {
  const spec = DIALOGS[action];
  const [form] = Form.useForm<ActionValues>();
  const [busy, setBusy] = useState(false);
  const [pickedName, setPickedName] = useState<string | undefined>();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const me = useContext(MeContext);
  const notMe = me ? [me.user.id] : [];
  const files = Form.useWatch('files', form);
  const uploading = (files ?? []).some((f) => f.status === 'uploading');

  const submit = async () => {
    let values: ActionValues;
    try {
      values = await form.validateFields();
    } catch {
      return; // the form shows what is missing
    }
    setBusy(true);
    try {
      const node = detail.returnTargets.find((t) => t.nodeId === values.toNodeId)?.name;
      const text = await performAction(detail, action, values, { user: pickedName, node });
      void message.success(text);
      await queryClient.invalidateQueries({ queryKey: workflowKeys.all });
      onClose();
      onDone?.(action);
    } catch (error) {
      if (!isApiError(error)) throw error;
      if (isStale(error)) {
        // the server's message has been shown; show what happened meanwhile
        await queryClient.invalidateQueries({ queryKey: workflowKeys.all });
        onClose();
      } else {
        applyFieldErrors(form, error);
      }
    } finally {
      setBusy(false);
    }
  };

  const commentRules =
    spec.comment === 'required'
      ? [{ required: true, whitespace: true, message: `请填写${spec.commentLabel}` }]
      : spec.comment === 'either'
        ? [
            {
              validator: async (_rule: unknown, text: string | undefined) => {
                const hasFiles = (form.getFieldValue('files') as UploadFile[] | undefined)?.some((f) => f.status === 'done');
                if (!text?.trim() && !hasFiles) throw new Error('请填写评论内容或添加附件');
              },
            },
          ]
        : [];

  return (
    <Modal
      open
      title={spec.title}
      okText={spec.ok}
      cancelText="取消"
      okButtonProps={{ danger: spec.danger, loading: busy, disabled: uploading }}
      onOk={() => void submit()}
      onCancel={onClose}
      maskClosable={false}
      destroyOnHidden
      width={520}
      style={{ maxWidth: 'calc(100vw - 24px)' }}
    >
      {spec.hint && <Alert type={spec.danger ? 'warning' : 'info'} showIcon message={spec.hint} style={{ marginBottom: 16 }} />}
      <Form<ActionValues>
        form={form}
        layout="vertical"
        initialValues={{ toNodeId: detail.returnTargets.length === 1 ? detail.returnTargets[0]?.nodeId : undefined }}
      >
        {spec.returnTarget && (
          <Form.Item name="toNodeId" label="退回到" rules={[{ required: true, message: '请选择退回到哪个节点' }]}>
            <Radio.Group style={{ display: 'flex', flexDirection: 'column', gap: 6 }}>
              {detail.returnTargets.map((t) => (
                <Radio key={t.nodeId} value={t.nodeId}>
                  {t.name}
                </Radio>
              ))}
            </Radio.Group>
          </Form.Item>
        )}
        {spec.people === 'one' && (
          <Form.Item name="userId" label={action === 'transfer' ? '转办给' : '委派给'} rules={[{ required: true, message: '请选择人员' }]}>
            <WorkflowUserSelect exclude={notMe} onPick={(user) => setPickedName(user?.name)} />
          </Form.Item>
        )}
        {spec.people === 'many' && (
          <Form.Item
            name="userIds"
            label="加签人员"
            extra="按选择的先后顺序依次审批"
            rules={[{ required: true, type: 'array', min: 1, message: '请选择至少一人' }]}
          >
            <WorkflowUsersSelect exclude={notMe} />
          </Form.Item>
        )}
        <Form.Item
          name="comment"
          label={spec.commentLabel}
          rules={[...commentRules, { max: COMMENT_MAX, message: `不超过${COMMENT_MAX}字` }]}
          dependencies={spec.comment === 'either' ? ['files'] : undefined}
        >
          <Input.TextArea
            rows={4}
            maxLength={COMMENT_MAX}
            showCount
            placeholder={spec.comment === 'optional' ? '选填' : `请填写${spec.commentLabel}`}
          />
        </Form.Item>
        {spec.files && (
          <Form.Item
            name="files"
            label="附件"
            extra="PDF、OFD、Word、Excel、JPG、PNG、ZIP、TXT，单个不超过 10 MB，最多 10 个"
            valuePropName="value"
          >
            <AttachmentUpload />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

