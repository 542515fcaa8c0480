// Builds a branch condition from rows (field · comparison · value) and shows the expression it writes; an
// 高级 switch edits the expression text directly (for parentheses, mixed 且/或 and the like).
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Input, InputNumber, Radio, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import {
  OPERATOR_LABELS,
  buildExpression,
  defaultValue,
  newRule,
  operatorsFor,
  parseExpression,
  ruleProblem,
  valueKind,
  type Condition,
  type FormField,
  type Operator,
  type Rule,
} from './condition';

export interface ConditionBuilderProps {
  value: string | undefined;
  fields: readonly FormField[];
  readOnly?: boolean;
  /** the expression text, and whether some builder row is still incomplete */
  onChange: (expression: string, incomplete: boolean) => void;
}

function RuleRow({
  rule,
  fields,
  readOnly,
  onChange,
  onRemove,
}: {
  rule: Rule;
  fields: readonly FormField[];
  readOnly?: boolean;
  onChange: (rule: Rule) => void;
  onRemove?: () => void;
}) {
  const field = fields.find((f) => f.key === rule.field);
  const kind = valueKind(field, rule.op);
  const problem = ruleProblem(rule, fields);
  const options = field?.options?.map((o) => ({ value: o.value, label: o.label }));
  let input = null;
  if (kind === 'number')
    input = (
      <InputNumber
        style={{ width: 120 }}
        value={typeof rule.value === 'number' ? rule.value : null}
        onChange={(v) => onChange({ ...rule, value: typeof v === 'number' ? v : null })}
        placeholder="数值"
        disabled={readOnly}
        aria-label="比较值"
      />
    );
  else if (kind === 'option')
    input = (
      <Select
        style={{ width: 140 }}
        value={typeof rule.value === 'string' && rule.value ? rule.value : undefined}
        options={options}
        onChange={(v: string) => onChange({ ...rule, value: v })}
        placeholder="请选择"
        disabled={readOnly}
        aria-label="比较值"
      />
    );
  else if (kind === 'options')
    input = (
      <Select
        mode="multiple"
        style={{ minWidth: 180 }}
        value={Array.isArray(rule.value) ? rule.value : []}
        options={options}
        onChange={(v: string[]) => onChange({ ...rule, value: v })}
        placeholder="请选择（可多选）"
        disabled={readOnly}
        aria-label="比较值"
      />
    );
  else if (kind === 'text')
    input = (
      <Input
        style={{ width: 160 }}
        value={typeof rule.value === 'string' ? rule.value : ''}
        onChange={(e) => onChange({ ...rule, value: e.target.value })}
        placeholder={field?.type === 'array' ? '如角色代码' : '文字'}
        maxLength={200}
        disabled={readOnly}
        aria-label="比较值"
      />
    );
  return (
    <div style={{ marginBottom: 8 }}>
      <Space wrap size={6} align="start">
        <Select
          style={{ width: 130 }}
          value={field ? rule.field : undefined}
          options={fields.map((f) => ({ value: f.key, label: f.label }))}
          onChange={(key: string) => onChange(newRule(fields, key))}
          placeholder="字段"
          disabled={readOnly}
          aria-label="字段"
        />
        <Select<Operator>
          style={{ width: 128 }}
          value={rule.op}
          options={operatorsFor(field).map((op) => ({ value: op, label: OPERATOR_LABELS[op] }))}
          onChange={(op) => onChange({ ...rule, op, value: valueKind(field, op) === kind ? rule.value : defaultValue(field, op) })}
          disabled={readOnly || !field}
          aria-label="比较方式"
        />
        {input}
        {onRemove && !readOnly && <Button type="text" danger icon={<DeleteOutlined />} onClick={onRemove} aria-label="删除条件" />}
      </Space>
      {problem && !readOnly && (
        <div style={{ color: '#ff4d4f', fontSize: 12, marginTop: 2 }} role="alert">
          {problem}
        </div>
      )}
    </div>
  );
}

export function ConditionBuilder({ value, fields, readOnly, onChange }: ConditionBuilderProps) {
  const { message } = App.useApp();
  const [condition, setCondition] = useState<Condition | undefined>(() => {
    const parsed = parseExpression(value, fields);
    if (parsed && parsed.rules.length === 0 && fields.length) return { join: 'all', rules: [newRule(fields)] };
    return parsed;
  });
  const [text, setText] = useState(value ?? '');
  const advanced = condition === undefined;

  const emitRules = (next: Condition) => {
    setCondition(next);
    const expression = buildExpression(next);
    setText(expression);
    onChange(expression, next.rules.some((r) => ruleProblem(r, fields) !== undefined));
  };

  const toBuilder = () => {
    const parsed = parseExpression(text, fields);
    if (!parsed) {
      void message.warning('该表达式无法用条件构建器表示（如含括号或同时使用“且”“或”），请继续手工编辑');
      return;
    }
    emitRules(parsed.rules.length ? parsed : { join: 'all', rules: [newRule(fields)] });
  };

  return (
    <div>
      <Space style={{ marginBottom: 8 }} wrap>
        <Radio.Group
          size="small"
          optionType="button"
          value={advanced ? 'text' : 'builder'}
          disabled={readOnly}
          onChange={(e) => (e.target.value === 'text' ? setCondition(undefined) : toBuilder())}
          options={[
            { value: 'builder', label: '条件构建' },
            { value: 'text', label: '高级（表达式）' },
          ]}
        />
        {!advanced && condition.rules.length > 1 && (
          <Radio.Group
            size="small"
            value={condition.join}
            disabled={readOnly}
            onChange={(e) => emitRules({ ...condition, join: e.target.value as Condition['join'] })}
            options={[
              { value: 'all', label: '全部满足（且）' },
              { value: 'any', label: '任一满足（或）' },
            ]}
          />
        )}
      </Space>
      {advanced ? (
        <>
          <Input.TextArea
            value={text}
            autoSize={{ minRows: 2, maxRows: 6 }}
            maxLength={2000}
            disabled={readOnly}
            placeholder={'如：count > 3 && unitLevel == "province"'}
            aria-label="条件表达式"
            onChange={(e) => {
              setText(e.target.value);
              onChange(e.target.value, false);
            }}
            style={{ fontFamily: 'monospace' }}
          />
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '4px 0 0' }}>
            可用字段：{fields.map((f) => `${f.key}（${f.label}）`).join('、') || '无'}。运算：== != &lt; &lt;= &gt; &gt;= &amp;&amp;（且） ||（或） !（非） in [..]；函数：count(x) contains(a, b) empty(x)；文字用双引号。保存时服务端会检查表达式。
          </Typography.Paragraph>
        </>
      ) : (
        <>
          {condition.rules.map((rule, index) => (
            <RuleRow
              key={index}
              rule={rule}
              fields={fields}
              readOnly={readOnly}
              onChange={(next) => emitRules({ ...condition, rules: condition.rules.map((r, i) => (i === index ? next : r)) })}
              onRemove={condition.rules.length > 1 ? () => emitRules({ ...condition, rules: condition.rules.filter((_, i) => i !== index) }) : undefined}
            />
          ))}
          {!readOnly && (
            <Button
              size="small"
              type="dashed"
              icon={<PlusOutlined />}
              disabled={!fields.length || condition.rules.length >= 10}
              onClick={() => emitRules({ ...condition, rules: [...condition.rules, newRule(fields)] })}
            >
              添加条件
            </Button>
          )}
          <div style={{ marginTop: 8, fontSize: 12 }}>
            <Typography.Text type="secondary">生成的表达式：</Typography.Text>
            <Typography.Text code copyable={Boolean(text)}>
              {text || '（未设置）'}
            </Typography.Text>
          </div>
        </>
      )}
    </div>
  );
}
