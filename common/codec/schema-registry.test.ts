import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { OspreyError } from '../errors.js';
import { createCodec } from './avro.js';

/** A loopback stand-in for Confluent's REST API: POST /subjects/<s>/versions and GET /schemas/ids/<id>. */
async function fakeRegistry(): Promise<{
  url: string;
  server: Server;
  subjects: Map<string, number>;
  schemas: Map<number, string>;
  auth: string[];
}> {
  const subjects = new Map<string, number>();
  const schemas = new Map<number, string>();
  const auth: string[] = [];
  let nextId = 100;
  const server = createServer((req, res) => {
    auth.push(req.headers.authorization ?? '');
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const register = /^\/subjects\/([^/]+)\/versions$/.exec(req.url ?? '');
      const byId = /^\/schemas\/ids\/(\d+)$/.exec(req.url ?? '');
      res.setHeader('Content-Type', 'application/vnd.schemaregistry.v1+json');
      if (req.method === 'POST' && register?.[1]) {
        const subject = decodeURIComponent(register[1]);
        const schema = (JSON.parse(body) as { schema: string }).schema;
        JSON.parse(schema); // the registry rejects text that is not JSON
        const id = subjects.get(subject) ?? nextId++;
        subjects.set(subject, id);
        schemas.set(id, schema);
        res.end(JSON.stringify({ id }));
      } else if (req.method === 'GET' && byId?.[1] && schemas.has(Number(byId[1]))) {
        res.end(JSON.stringify({ schema: schemas.get(Number(byId[1])) }));
      } else {
        res.statusCode = 404;
        res.end(JSON.stringify({ error_code: 40403, message: 'Schema not found' }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, server, subjects, schemas, auth };
}

const status = {
  hostIdentifier: 'h',
  calendarTime: 'c',
  unixTime: 1,
  severity: 0,
  filename: 'f',
  line: 1,
  message: 'm',
  version: 'v',
};

test('with a Schema Registry the codec registers every schema on start (RecordNameStrategy) and writes its ids', async (t) => {
  const registry = await fakeRegistry();
  t.after(() => registry.server.close());
  const codec = await createCodec({ schemaRegistry: { url: registry.url, username: 'svc', password: 'secret' } });
  assert.equal(registry.subjects.size, 7);
  const id = registry.subjects.get('osprey.StatusLog');
  assert.ok(id !== undefined);
  const frame = codec.encode('status_log', status);
  assert.equal(frame.readInt32BE(1), id);
  assert.equal(codec.decode(frame).schemaName, 'status_log');
  assert.ok(registry.auth.every((h) => h === `Basic ${Buffer.from('svc:secret').toString('base64')}`));
});

test('an id only the registry knows is fetched once by decodeAsync, then decode knows it', async (t) => {
  const registry = await fakeRegistry();
  t.after(() => registry.server.close());
  const writer = await createCodec({ schemaRegistry: { url: registry.url } });
  const frame = writer.encode('status_log', status);
  // Another producer's id for the same record: register it under a new id, re-frame the message with it.
  const otherId = 555;
  registry.schemas.set(otherId, registry.schemas.get(frame.readInt32BE(1)) ?? '');
  const reframed = Buffer.from(frame);
  reframed.writeInt32BE(otherId, 1);
  const reader = await createCodec({ schemaRegistry: { url: registry.url } });
  assert.throws(
    () => reader.decode(reframed),
    (err: unknown) => err instanceof OspreyError && err.code === 'DECODE_ERROR',
  );
  const decoded = await reader.decodeAsync(reframed, { topic: 'osprey.status', partition: 0, offset: '1' });
  assert.equal(decoded.schemaId, otherId);
  assert.equal(decoded.schemaName === 'status_log' && decoded.value.message, 'm');
  assert.equal(reader.decode(reframed).schemaId, otherId);
});

test('an id the registry does not have is a non-retriable error, not a hang', async (t) => {
  const registry = await fakeRegistry();
  t.after(() => registry.server.close());
  const codec = await createCodec({ schemaRegistry: { url: registry.url, retries: 1 } });
  const frame = Buffer.from([0, 0, 0, 0x30, 0x39, 2]);
  await assert.rejects(
    codec.decodeAsync(frame),
    (err: unknown) => err instanceof OspreyError && /404/.test(err.message),
  );
});
