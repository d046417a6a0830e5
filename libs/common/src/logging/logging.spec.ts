import express from 'express';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import pinoHttp from 'pino-http';
import { loggableUrl, pinoHttpOptions, prettyLogs, redactText } from './logging';

/** Serves one request through the real pino-http middleware and returns the JSON lines it logged. */
async function logsOf(path: string, headers: Record<string, string>, level: 'log' | 'warn' = 'log') {
  const lines: Record<string, any>[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) =>
    chunk
      .toString('utf8')
      .split('\n')
      .filter(Boolean)
      .forEach((line) => lines.push(JSON.parse(line))),
  );
  const app = express();
  app.use(pinoHttp(pinoHttpOptions(level), stream));
  app.get('/health', (_req, res) => void res.json({ ok: true }));
  app.get('/boom', (_req, res) => void res.status(500).json({}));
  app.get('/inside', (req, res) => {
    req.log.info({ to: 'bob@example.org' }, 'sent to bob@example.org');
    res.json({ ok: true });
  });
  app.get('/{*any}', (req, res) => {
    req.log.info({ jobId: 42 }, 'working on it');
    res.json({ ok: true });
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}${path}`, { headers });
    await response.arrayBuffer();
    await new Promise((resolve) => setImmediate(resolve));
    return { lines, requestId: response.headers.get('x-request-id') };
  } finally {
    server.close();
  }
}

describe('request logging', () => {
  it('writes JSON lines carrying the request id, and echoes the id', async () => {
    const { lines, requestId } = await logsOf('/contacts/7', {
      'x-request-id': 'abc-123',
      authorization: 'Bearer secret-key',
    });
    expect(requestId).toBe('abc-123');
    const inside = lines.find((line) => line.msg === 'working on it');
    expect(inside).toMatchObject({ reqId: 'abc-123', jobId: 42, level: 30 });
    const completed = lines.find((line) => line.req);
    expect(completed).toMatchObject({
      msg: expect.stringMatching(/^GET \/contacts\/7 200 \d+ms$/),
      req: { id: 'abc-123', method: 'GET', url: '/contacts/7' },
      res: { statusCode: 200 },
    });
    // Short lines: no headers (the key least of all), no user agent.
    expect(Object.keys(completed!.req)).toEqual(['id', 'method', 'url']);
    expect(JSON.stringify(lines)).not.toContain('secret-key');
  });

  it('makes a request id when none (or a strange one) is given', async () => {
    const { requestId, lines } = await logsOf('/x', { 'x-request-id': 'bad id with spaces' });
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines.find((line) => line.req)!.req.id).toBe(requestId);
  });

  it('keeps signed download tokens out of the logs', async () => {
    const { lines } = await logsOf('/downloads/eyJzZWNyZXQ.sig?x=1', {});
    expect(JSON.stringify(lines)).not.toContain('eyJzZWNyZXQ');
    expect(loggableUrl('/downloads/tok/more')).toBe('/downloads/[redacted]/more');
  });

  it('keeps report tokens, secret query values and e-mail addresses out of the logs', async () => {
    const { lines } = await logsOf('/reports/eyJyZXBvcnQ.sig?email=jane%40example.org&page=2', {});
    const text = JSON.stringify(lines);
    expect(text).not.toContain('eyJyZXBvcnQ');
    expect(text).not.toContain('jane');
    expect(lines.find((line) => line.req)!.req.url).toBe('/reports/[redacted]?email=[redacted]&page=2');
    expect(redactText('mail to jane.doe@example.org sent, see http://h/reports/abc.def')).toBe(
      'mail to [redacted]@example.org sent, see http://h/reports/[redacted]',
    );
  });

  it('scrubs messages and address fields logged inside a request', async () => {
    const { lines } = await logsOf('/inside', {});
    const inside = lines.find((line) => line.msg?.startsWith('sent to'));
    expect(inside).toMatchObject({ msg: 'sent to [redacted]@example.org', to: '[redacted]' });
    expect(JSON.stringify(lines)).not.toContain('bob@');
  });

  it('does not log health probes, and logs 5xx as errors', async () => {
    expect((await logsOf('/health', {})).lines).toEqual([]);
    const { lines } = await logsOf('/boom', {});
    expect(lines.find((line) => line.res?.statusCode === 500)).toMatchObject({ level: 50 });
  });

  it('writes pretty lines in a terminal in development, JSON lines otherwise', () => {
    const development = { NODE_ENV: 'development', LOG_FORMAT: 'auto' } as const;
    expect(prettyLogs(development, { FORCE_COLOR: '1' })).toBe(true);
    expect(prettyLogs({ ...development, NODE_ENV: 'production' }, { FORCE_COLOR: '1' })).toBe(false);
    expect(prettyLogs({ ...development, LOG_FORMAT: 'json' }, { FORCE_COLOR: '1' })).toBe(false);
    expect(prettyLogs({ NODE_ENV: 'production', LOG_FORMAT: 'pretty' }, {})).toBe(true);
  });

  it('follows LOG_LEVEL: warn keeps routine requests quiet', async () => {
    expect((await logsOf('/contacts/7', {}, 'warn')).lines).toEqual([]);
  });
});
