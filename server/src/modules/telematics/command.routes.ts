import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import { audited } from '../../platform/audit/audit.service.js';
import { notFound } from '../../platform/errors.js';
import { DateTime, ErrorBody, IdParam, Nullable } from '../../platform/http/schemas.js';
import { findCommandVehicle, insertCommand } from './command.repository.js';
import { COMMAND_MESSAGE, runCommand } from './command.service.js';

const CommandBody = Type.Object(
  {
    kind: Type.Union([Type.Literal('locate'), Type.Literal('track')], { description: 'locate 位置查询（0x8201）；track 临时位置跟踪（0x8202）' }),
    intervalS: Type.Optional(Type.Integer({ minimum: 0, maximum: 3600, description: '跟踪：上报间隔（秒），0 为停止跟踪；默认 10' })),
    durationS: Type.Optional(Type.Integer({ minimum: 1, maximum: 86400, description: '跟踪：有效期（秒），默认 600' })),
    waitS: Type.Optional(Type.Integer({ minimum: 1, maximum: 30, description: '等待终端应答的秒数，默认 10' })),
  },
  { additionalProperties: false },
);

const CommandResult = Type.Object({
  id: Type.Integer(),
  vehicleId: Type.Integer(),
  kind: Type.String(),
  status: Type.Union(['answered', 'failed', 'timeout', 'offline'].map((s) => Type.Literal(s)), { description: 'answered 已应答；failed 终端答复失败；timeout 超时未应答；offline 终端不在线' }),
  serial: Nullable(Type.Integer()),
  answer: Type.Union([
    Type.Object({
      location: Type.Optional(
        Type.Object({
          fixTime: DateTime,
          lat: Type.Number(),
          lon: Type.Number(),
          speedKmh: Type.Number(),
          direction: Type.Integer(),
          alarm: Type.Integer(),
          status: Type.Integer(),
          acc: Type.Boolean(),
        }),
      ),
      result: Type.Optional(Type.Integer()),
    }),
    Type.Null(),
  ]),
  requestedAt: DateTime,
  answeredAt: Nullable(DateTime),
});

/** Platform commands to a car's terminal over its live JT/T 808 session. */
export async function commandRoutes(app: FastifyInstance) {
  const platform = app.platform;
  app.post(
    '/api/telematics/vehicles/:id/commands',
    {
      schema: {
        tags: ['车辆定位监控'],
        summary: '向车载终端下发指令（位置查询 / 临时位置跟踪），等待终端应答',
        description: '终端不在线时立即返回 status=offline；在 waitS 秒内未应答返回 timeout。坐标为 WGS-84 原始坐标（度）。',
        params: IdParam,
        body: CommandBody,
        response: { 200: CommandResult, '4xx': ErrorBody },
      },
      config: { permission: 'fleet:track:command' },
    },
    async (req) => {
      const vehicleId = (req.params as { id: number }).id;
      const body = req.body as Static<typeof CommandBody>;
      const vehicle = await findCommandVehicle(platform.db, req.auth!.scope, vehicleId);
      if (!vehicle) throw notFound('车辆');
      const params = body.kind === 'track' ? { intervalS: body.intervalS ?? 10, durationS: body.durationS ?? 600 } : {};
      const cmd = await audited(req, 'tm_command.send', 'tm_command', async (tx) => {
        const row = await insertCommand(tx, { vehicleId, messageId: COMMAND_MESSAGE[body.kind], params, requestedBy: req.auth!.userId });
        return { result: row, objectId: row.id, after: { vehicleId, plate: vehicle.plate, kind: body.kind, ...params } };
      });
      const out = await runCommand(platform, cmd.id, vehicleId, body);
      return {
        id: cmd.id,
        vehicleId,
        kind: body.kind,
        status: out.status,
        serial: out.serial,
        answer: out.answer,
        requestedAt: new Date(cmd.requested_at).toISOString(),
        answeredAt: out.answeredAt ? out.answeredAt.toISOString() : null,
      };
    },
  );
}
