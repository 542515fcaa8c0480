/** Errors with stable codes, turned into one JSON shape at the edge: {code, message, details?}. */
export interface ErrorDetail {
  field: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly details?: ErrorDetail[],
  ) {
    super(message);
  }
}

export const notFound = (what = '记录') => new AppError('NOT_FOUND', `${what}不存在或无权访问`, 404);
export const forbidden = (message = '没有权限执行此操作') => new AppError('FORBIDDEN', message, 403);
export const conflict = (message: string, code = 'CONFLICT') => new AppError(code, message, 409);
export const invalid = (message: string, details?: ErrorDetail[]) => new AppError('VALIDATION', message, 400, details);
