/** A small fetch wrapper for e2e tests: JSON in, status + parsed body out. */
export interface HttpResult<T = any> {
  status: number;
  body: T;
  headers: Headers;
  raw: Buffer;
}

export async function http<T = any>(
  method: string,
  url: string,
  options: { key?: string; json?: unknown; form?: FormData; headers?: Record<string, string> } = {},
): Promise<HttpResult<T>> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  let body: RequestInit['body'];
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.form) {
    body = options.form;
  }
  const response = await fetch(url, { method, headers, body });
  const raw = Buffer.from(await response.arrayBuffer());
  const type = response.headers.get('content-type') ?? '';
  const parsed = type.includes('application/json') && raw.length ? JSON.parse(raw.toString('utf8')) : raw.toString('utf8');
  return { status: response.status, body: parsed, headers: response.headers, raw };
}

/** Polls until `check` returns a value (not undefined) or the time runs out. */
export async function waitFor<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 60000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
