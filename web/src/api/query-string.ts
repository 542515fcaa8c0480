// Query strings for list, export and download URLs: empty values are left out, arrays repeat the key.

export type QueryValue = string | number | boolean | null | undefined | ReadonlyArray<string | number | boolean>;

export function toSearchParams(query: Readonly<Record<string, unknown>>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, raw] of Object.entries(query)) {
    const values: unknown[] = Array.isArray(raw) ? raw : [raw];
    for (const value of values) {
      if (value === undefined || value === null || value === '') continue;
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
        params.append(key, String(value));
      }
    }
  }
  return params;
}

/** "?a=1&b=x" or "" when nothing is left. */
export function toQueryString(query: Readonly<Record<string, unknown>>): string {
  const text = toSearchParams(query).toString();
  return text ? `?${text}` : '';
}
