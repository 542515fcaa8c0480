import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { audited } from '../audit/audit.service.js';
import { sm3Hex } from '../crypto/crypto.service.js';
import { AppError, invalid } from '../errors.js';
import { ErrorBody } from '../http/schemas.js';

export const MAX_FILE_BYTES = 10 * 1024 * 1024;

/** What may be attached: office documents, OFD/PDF, images, archives. Checked by extension and by content where it has a signature. */
const TYPES: Record<string, { mime: string; magic?: number[] }> = {
  pdf: { mime: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46] },
  ofd: { mime: 'application/ofd', magic: [0x50, 0x4b] },
  doc: { mime: 'application/msword', magic: [0xd0, 0xcf, 0x11, 0xe0] },
  docx: { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', magic: [0x50, 0x4b] },
  xls: { mime: 'application/vnd.ms-excel', magic: [0xd0, 0xcf, 0x11, 0xe0] },
  xlsx: { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', magic: [0x50, 0x4b] },
  jpg: { mime: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
  jpeg: { mime: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
  png: { mime: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47] },
  zip: { mime: 'application/zip', magic: [0x50, 0x4b] },
  txt: { mime: 'text/plain' },
};
export const ALLOWED_EXTENSIONS = Object.keys(TYPES);

export function checkUpload(name: string, content: Buffer): { mime: string } {
  const ext = path.extname(name).slice(1).toLowerCase();
  const t = TYPES[ext];
  if (!t) throw invalid(`不支持的附件类型，仅支持 ${ALLOWED_EXTENSIONS.join('、')}`);
  if (!content.length) throw invalid('附件是空文件');
  if (t.magic && !t.magic.every((b, i) => content[i] === b)) throw invalid('附件内容与扩展名不符');
  return { mime: t.mime };
}

/** Uploads for comments and forms; a file is bound to its use later and purged if never bound. */
export async function fileRoutes(app: FastifyInstance) {
  app.post(
    '/api/files',
    {
      schema: {
        tags: ['附件'],
        summary: `上传附件（multipart，字段 file，单个不超过 ${MAX_FILE_BYTES / 1024 / 1024} MB）`,
        consumes: ['multipart/form-data'],
        response: { 200: Type.Object({ id: Type.String(), name: Type.String(), size: Type.Integer(), mime: Type.String() }), '4xx': ErrorBody },
      },
      config: { access: 'self' },
    },
    async (req) => {
      if (!req.isMultipart()) throw invalid('请以 multipart/form-data 上传，字段名 file');
      const part = await req.file({ limits: { fileSize: MAX_FILE_BYTES, files: 1 } });
      if (!part) throw invalid('没有收到文件');
      const content = await part.toBuffer().catch((e: unknown) => {
        if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('FILE_TOO_LARGE', `附件不能超过 ${MAX_FILE_BYTES / 1024 / 1024} MB`, 413);
        throw e;
      });
      // eslint-disable-next-line no-control-regex -- control characters are exactly what a file name must not keep
      const name = path.basename(part.filename || '').replace(/[\\/\x00-\x1f]/g, '').slice(-200);
      if (!name) throw invalid('附件须有文件名');
      const { mime } = checkUpload(name, content);
      const id = randomUUID();
      return audited(req, 'file.upload', 'file', async (tx) => {
        await tx.insertInto('file').values({ id, name, mime, size: content.length, sm3: sm3Hex(content), content, uploaded_by: req.auth!.userId }).execute();
        return { result: { id, name, size: content.length, mime }, objectId: id, after: { name, size: content.length } };
      });
    },
  );
}
