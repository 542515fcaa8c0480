import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import { appendAudit } from '../../platform/audit/audit.repository.js';
import { auditEvent } from '../../platform/audit/audit.service.js';
import { AppError } from '../../platform/errors.js';
import { ErrorBody } from '../../platform/http/schemas.js';
import { findVehiclesByPlateOrPhone } from './position.repository.js';
import { type IngestFix, MAX_AGE_DAYS, positionPipeline } from './position.service.js';

export const MAX_INGEST_ITEMS = 5000;

const Position = Type.Object(
  {
    plate: Type.Optional(Type.String({ minLength: 7, maxLength: 8, description: '车牌号（与 terminalPhone 至少填一项）' })),
    terminalPhone: Type.Optional(Type.String({ pattern: '^[0-9]{11,20}$', description: '终端手机号（车辆档案中绑定的号码）' })),
    fixTime: Type.String({ format: 'date-time', description: '定位时间（ISO 8601，含时区）' }),
    lat: Type.Number({ minimum: -90, maximum: 90, description: '纬度（度，WGS-84/CGCS2000 原始坐标，南纬为负）' }),
    lon: Type.Number({ minimum: -180, maximum: 180, description: '经度（度，西经为负）' }),
    speed: Type.Number({ minimum: 0, maximum: 400, description: '速度（公里/小时）' }),
    direction: Type.Integer({ minimum: 0, maximum: 360, description: '方向（度，正北为 0）' }),
    altitude: Type.Optional(Type.Integer({ minimum: -500, maximum: 9000, description: '海拔（米）' })),
    acc: Type.Optional(Type.Boolean({ description: '点火状态（ACC），终端上报时填写' })),
    odometerKm: Type.Optional(Type.Number({ minimum: 0, maximum: 9_999_999, description: '里程表读数（公里）' })),
  },
  { additionalProperties: false },
);

const IngestBody = Type.Array(Position, { minItems: 1, maxItems: MAX_INGEST_ITEMS });

const IngestResult = Type.Object({
  stored: Type.Integer({ description: '新入库条数' }),
  duplicate: Type.Integer({ description: '已入库（同一车辆同一定位时间）而未重复入库的条数' }),
  rejected: Type.Integer({ description: '被拒收的条数，原因见 errors' }),
  errors: Type.Array(Type.Object({ index: Type.Integer({ description: '请求数组中的下标（从 0 起）' }), code: Type.String(), message: Type.String() })),
});

type Item = Static<typeof Position>;

const STATUS_FIXED = 1 << 1;

/** Bulk position ingest for platforms that forward their terminals' positions (partner credentials). */
export async function ingestRoutes(app: FastifyInstance) {
  const platform = app.platform;
  app.post(
    '/api/telematics/positions',
    {
      schema: {
        tags: ['车辆定位监控'],
        summary: '第三方平台批量转发定位数据（接入凭证认证，单批最多 5000 条，按车辆与定位时间幂等）',
        description:
          '请求头 x-partner-code、x-partner-key（凭证须有 telematics:positions 权限）。请求体为定位数组；每条用 plate 或 terminalPhone 指明车辆。' +
          `格式不符整批返回 400；车辆不存在、车牌与终端不符、定位时间超出范围（最近 ${MAX_AGE_DAYS} 天内）的条目单独拒收，其余入库。` +
          '已入库的定位（同一车辆、同一定位时间）再次报送计为 duplicate，不重复入库。数据入库（含行程识别）后才返回。',
        body: IngestBody,
        response: { 200: IngestResult, '4xx': ErrorBody },
      },
      config: { access: 'partner', partnerScope: 'telematics:positions' },
      bodyLimit: 8 * 1024 * 1024,
    },
    async (req) => {
      const partner = req.partner!;
      const items = req.body as Item[];
      const errors: { index: number; code: string; message: string }[] = [];
      const plates = [...new Set(items.flatMap((i) => (i.plate ? [i.plate] : [])))];
      const phones = [...new Set(items.flatMap((i) => (i.terminalPhone ? [i.terminalPhone] : [])))];
      const vehicles = await findVehiclesByPlateOrPhone(platform.db, plates, phones);
      const byPlate = new Map(vehicles.map((v) => [v.plate, v.id]));
      const byPhone = new Map(vehicles.flatMap((v) => (v.terminal_phone ? [[v.terminal_phone, v.id] as const] : [])));

      const fixes: IngestFix[] = [];
      const indexOf: number[] = [];
      items.forEach((it, index) => {
        if (!it.plate && !it.terminalPhone) return errors.push({ index, code: 'VEHICLE_REQUIRED', message: '须填写车牌号或终端手机号' });
        const a = it.plate ? byPlate.get(it.plate) : undefined;
        const b = it.terminalPhone ? byPhone.get(it.terminalPhone) : undefined;
        if ((it.plate && a === undefined) || (it.terminalPhone && b === undefined))
          return errors.push({ index, code: 'VEHICLE_UNKNOWN', message: `车辆不存在：${it.plate ?? it.terminalPhone}` });
        if (a !== undefined && b !== undefined && a !== b) return errors.push({ index, code: 'VEHICLE_MISMATCH', message: '车牌号与终端手机号不属于同一车辆' });
        fixes.push({
          vehicleId: (a ?? b)!,
          fixMs: Date.parse(it.fixTime),
          lat: Math.round(it.lat * 1e6),
          lon: Math.round(it.lon * 1e6),
          altitude: it.altitude ?? 0,
          speed: Math.round(it.speed * 10),
          direction: it.direction,
          alarm: 0,
          status: STATUS_FIXED | (it.acc ? 1 : 0),
          odometer: it.odometerKm === undefined ? null : Math.round(it.odometerKm * 10),
          backfill: false,
        });
        indexOf.push(index);
        return undefined;
      });

      const summary = (stored: number, duplicate: number) =>
        JSON.stringify({ partner: partner.code, items: items.length, stored, duplicate, rejected: items.length - stored - duplicate });
      let stored = 0;
      let duplicate = 0;
      if (fixes.length) {
        try {
          const out = await positionPipeline(platform).submit(fixes, {
            // the audit row is written in the batch's own transaction, with the positions
            inTx: async (tx, o) => {
              await appendAudit(tx, platform.keys.macKey, {
                user_id: null,
                username: '-',
                ip: req.ip,
                action: 'tm_position.ingest',
                object_type: 'tm_position',
                object_id: partner.code,
                before: null,
                after: null,
                result: 'success',
                detail: summary(o.stored, o.duplicate),
              });
            },
          });
          stored = out.stored;
          duplicate = out.duplicate;
          out.outcomes.forEach((o, i) => {
            if (o === 'rejected') errors.push({ index: indexOf[i]!, code: 'FIX_TIME_OUT_OF_RANGE', message: `定位时间须在最近 ${MAX_AGE_DAYS} 天内且不晚于当前时间` });
          });
          req.audited = true;
        } catch (err) {
          await auditEvent(req, { action: 'tm_position.ingest', object_type: 'tm_position', object_id: partner.code, result: 'failure', detail: 'STORE_FAILED' }).catch(
            (e: unknown) => req.log.error({ err: e }, 'failed to audit a failure'),
          );
          req.log.error({ err }, 'position ingest failed');
          throw new AppError('STORE_FAILED', '定位数据写入失败，请稍后重发', 503);
        }
      } else {
        await auditEvent(req, { action: 'tm_position.ingest', object_type: 'tm_position', object_id: partner.code, detail: summary(0, 0) });
      }
      errors.sort((x, y) => x.index - y.index);
      return { stored, duplicate, rejected: errors.length, errors };
    },
  );
}
