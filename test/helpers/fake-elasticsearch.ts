/**
 * A loopback HTTP server that behaves like Elasticsearch's bulk API closely enough to prove retries, dead letters
 * and no loss: `create` semantics per _id (409 on a second create), per-item 429s and 400s, whole-request 503s and
 * slow responses on demand. It also records template, ILM and saved-object requests for es-setup tests.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface BulkAction {
  index: string;
  id: string;
  doc: Record<string, unknown>;
}

export interface FakeBehaviour {
  /** Whole-request status for this request (e.g. 503), or undefined to process it. */
  requestStatus?: (requestNumber: number) => number | undefined;
  /** Per-item status to force (429, 400), or undefined for normal create semantics. */
  itemStatus?: (action: BulkAction, attempt: number) => number | undefined;
  delayMs?: number;
}

export interface FakeElasticsearch {
  url: string;
  /** Documents stored, by index then id. */
  stored: Map<string, Map<string, Record<string, unknown>>>;
  bulkRequests: number;
  bodies: string[];
  requests: Array<{ method: string; path: string; body: string; headers: IncomingMessage['headers'] }>;
  behaviour: FakeBehaviour;
  close(): Promise<void>;
}

export async function startFakeElasticsearch(behaviour: FakeBehaviour = {}): Promise<FakeElasticsearch> {
  const attempts = new Map<string, number>();
  const fake: FakeElasticsearch = {
    url: '',
    stored: new Map(),
    bulkRequests: 0,
    bodies: [],
    requests: [],
    behaviour,
    close: async () => undefined,
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      fake.requests.push({ method: req.method ?? '', path: req.url ?? '', body, headers: req.headers });
      setTimeout(() => respond(req, res, body), fake.behaviour.delayMs ?? 0);
    });
  });
  const respond = (req: IncomingMessage, res: ServerResponse, body: string): void => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path.endsWith('/_bulk')) return bulk(res, body);
    send(
      res,
      200,
      path === '/' ? { version: { number: '8.19.0' }, tagline: 'You Know, for Search' } : { acknowledged: true },
    );
  };
  const bulk = (res: ServerResponse, body: string): void => {
    const requestNumber = ++fake.bulkRequests;
    fake.bodies.push(body);
    const status = fake.behaviour.requestStatus?.(requestNumber);
    if (status !== undefined) return send(res, status, { error: { type: 'unavailable' }, status });
    const lines = body.split('\n').filter(Boolean);
    const items: unknown[] = [];
    for (let i = 0; i < lines.length; i += 2) {
      const meta = JSON.parse(lines[i] ?? '{}') as { create: { _index: string; _id: string } };
      const action: BulkAction = {
        index: meta.create._index,
        id: meta.create._id,
        doc: JSON.parse(lines[i + 1] ?? '{}'),
      };
      const attempt = (attempts.get(action.id) ?? 0) + 1;
      attempts.set(action.id, attempt);
      items.push({ create: createItem(action, fake.behaviour.itemStatus?.(action, attempt)) });
    }
    send(res, 200, {
      took: 1,
      errors: items.some((it) => (it as { create: { status: number } }).create.status >= 300),
      items,
    });
  };
  const createItem = (action: BulkAction, forced: number | undefined): Record<string, unknown> => {
    if (forced === 429)
      return { _index: action.index, _id: action.id, status: 429, error: { type: 'es_rejected_execution_exception' } };
    if (forced !== undefined) {
      return {
        _index: action.index,
        _id: action.id,
        status: forced,
        error: { type: 'document_parsing_exception', reason: 'failed to parse field' },
      };
    }
    const index = fake.stored.get(action.index) ?? new Map<string, Record<string, unknown>>();
    fake.stored.set(action.index, index);
    if (index.has(action.id)) {
      return {
        _index: action.index,
        _id: action.id,
        status: 409,
        error: { type: 'version_conflict_engine_exception' },
      };
    }
    index.set(action.id, action.doc);
    return { _index: action.index, _id: action.id, status: 201, result: 'created' };
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () => new Promise((resolve) => server.close(() => resolve()));
  return fake;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'x-elastic-product': 'Elasticsearch' });
  res.end(JSON.stringify(body));
}
