import { CONSTRAINT_MESSAGES } from './constraint-messages.js';
import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, type ErrorDetail } from '../errors.js';

const KEYWORD_MESSAGES: Record<string, (p: Record<string, unknown>) => string> = {
  required: (p) => `缺少必填项 ${String(p.missingProperty)}`,
  minLength: (p) => `长度不能少于 ${String(p.limit)} 个字符`,
  maxLength: (p) => `长度不能超过 ${String(p.limit)} 个字符`,
  pattern: () => '格式不正确',
  format: (p) => `格式不正确（应为 ${String(p.format)}）`,
  minimum: (p) => `不能小于 ${String(p.limit)}`,
  maximum: (p) => `不能大于 ${String(p.limit)}`,
  type: (p) => `类型不正确（应为 ${String(p.type)}）`,
  enum: () => '取值不在允许范围内',
  const: () => '取值不在允许范围内',
  anyOf: () => '取值不在允许范围内',
  additionalProperties: (p) => `不允许的字段 ${String(p.additionalProperty)}`,
  minItems: (p) => `至少需要 ${String(p.limit)} 项`,
  maxItems: (p) => `最多允许 ${String(p.limit)} 项`,
};

/** PostgreSQL errors that reach the edge are turned into stable codes. */
const PG_ERRORS: Record<string, [string, string, number]> = {
  '23505': ['DUPLICATE', '记录已存在（唯一性冲突）', 409],
  '23503': ['REFERENCE', '引用的记录不存在或仍被引用', 409],
  '23514': ['CHECK_FAILED', '数据不符合约束条件', 400],
  '23P01': ['OVERLAP', '时间或资源冲突', 409],
  '40001': ['RETRY', '并发冲突，请重试', 409],
  '22P02': ['VALIDATION', '数据格式不正确', 400],
};

export const errorsPlugin = fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((err: FastifyError & { code?: string }, req, reply) => {
      if (err instanceof AppError) {
        return reply.status(err.status).send({ code: err.code, message: err.message, details: err.details });
      }
      if (err.validation) {
        const details: ErrorDetail[] = err.validation.map((v) => {
          const field = (v.instancePath || '').replace(/^\//, '').replace(/\//g, '.') ||
            String((v.params as Record<string, unknown>).missingProperty ?? err.validationContext ?? '');
          const msg = KEYWORD_MESSAGES[v.keyword]?.(v.params as Record<string, unknown>) ?? '输入不正确';
          return { field, message: msg };
        });
        const first = details[0];
        return reply.status(400).send({
          code: 'VALIDATION',
          message: first ? `输入有误：${first.field ? `${first.field} ` : ''}${first.message}` : '输入有误',
          details,
        });
      }
      const named = (err as { constraint?: string }).constraint;
      const known = named ? CONSTRAINT_MESSAGES[named] : undefined;
      if (known && err.code && PG_ERRORS[err.code]) {
        req.log.warn({ err }, 'database constraint');
        return reply.status(known[2]).send({ code: known[0], message: known[1] });
      }
      const pg = err.code ? PG_ERRORS[err.code] : undefined;
      if (pg) {
        req.log.warn({ err }, 'database constraint');
        return reply.status(pg[2]).send({ code: pg[0], message: pg[1] });
      }
      if (err.statusCode && err.statusCode < 500) {
        const code = err.statusCode === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : err.statusCode === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST';
        return reply.status(err.statusCode).send({ code, message: '请求格式不正确' });
      }
      req.log.error({ err }, 'unhandled error');
      return reply.status(500).send({ code: 'INTERNAL', message: '服务器内部错误，请稍后重试' });
    });
  },
  { name: 'steward-errors' },
);
