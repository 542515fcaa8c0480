// Type helpers over the generated `paths` so pages name endpoints, never hand-written shapes.
import type { paths } from './schema';

export type HttpMethod = 'get' | 'post' | 'put' | 'delete';

/** The paths that declare `method`. */
export type PathsWith<M extends HttpMethod> = {
  [P in keyof paths]: paths[P] extends Record<M, { responses: unknown }> ? P : never;
}[keyof paths];

type JsonContent<R> = R extends { content: { 'application/json': infer T } } ? T : never;

/** The JSON body of the first success response (200, then 201). */
type SuccessJson<O> = O extends { responses: infer R }
  ? 200 extends keyof R
    ? JsonContent<R[200]>
    : 201 extends keyof R
      ? JsonContent<R[201]>
      : never
  : never;

type Operation<P extends keyof paths, M extends HttpMethod> = M extends keyof paths[P] ? paths[P][M] : never;

/** Response JSON of `method path`. */
export type ApiResponse<P extends keyof paths, M extends HttpMethod = 'get'> = SuccessJson<Operation<P, M>>;

/** Request JSON body of `method path`. */
export type ApiBody<P extends keyof paths, M extends HttpMethod> =
  Operation<P, M> extends { requestBody?: infer B } ? JsonContent<NonNullable<B>> : never;

/** Query parameters of `GET path`. */
export type ApiQuery<P extends keyof paths> =
  Operation<P, 'get'> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

interface ListShape {
  items: unknown[];
  total: number;
}

/** GET endpoints answering `{items, total, page, pageSize}`. */
export type ListPath = {
  [P in PathsWith<'get'>]: ApiResponse<P> extends ListShape ? P : never;
}[PathsWith<'get'>];

/** One row of a list endpoint. */
export type ListItem<P extends ListPath> = ApiResponse<P> extends { items: Array<infer T> } ? T : never;

/** Excel export endpoints (`GET <list>/export`). */
export type ExportPath = Extract<PathsWith<'get'>, `${string}/export`>;
