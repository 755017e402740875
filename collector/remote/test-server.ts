/**
 * Test helpers: a loopback HTTPS server that behaves like osquery's reference test server
 * (tools/tests/test_http_server.py, docs/osquery-compatibility.md §6.7), and a throwaway PKI made with the `openssl` command line. The
 * server's certificate carries its name only in the CN (no subjectAltName), like osquery's own test certificates.
 *
 * Reference behaviour kept: /enroll answers `node_invalid` for a wrong secret, else node key `this_is_a_node_secret`;
 * /config needs a valid node key and answers `node_invalid` on every third call (2nd, 5th, 8th, …);
 * /distributed_read returns the queries; /distributed_write and /log answer `{}`; other POST paths `{"foo":"bar"}`;
 * gzip'd request bodies are accepted and responses gzip'd for `Accept-Encoding: gzip`. Additions for tests: the
 * config and queries can be set, node keys can be revoked, and the server can go down and come back on its port.
 */
import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:https';
import { join } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { gunzipSync, gzipSync } from 'node:zlib';

export interface TestPki {
  readonly dir: string;
  readonly caCert: string;
  /** A second CA that signed nothing the server uses (pinning tests). */
  readonly otherCaCert: string;
  readonly serverCert: string;
  readonly serverKey: string;
  readonly clientCert: string;
  readonly clientKey: string;
  readonly secretFile: string;
}

export const ENROLL_SECRET = 'this_is_a_deployment_secret';
export const NODE_KEY = 'this_is_a_node_secret';

/** Makes the CA, a CN-only server certificate for `localhost`, a client certificate and the enroll secret file. */
export function makeTestPki(dir: string): TestPki {
  const run = (...args: string[]): void => void execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ca = (name: string, cn: string): void =>
    run(
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.pem`,
      '-days',
      '2',
      '-subj',
      `/CN=${cn}`,
    );
  const leaf = (name: string, cn: string): void => {
    run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`);
    // `openssl x509 -req` copies no extensions: the certificate has no subjectAltName, only the CN.
    run(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      `${name}.pem`,
      '-days',
      '2',
    );
  };
  ca('ca', 'osprey-unittests-ca');
  ca('other-ca', 'someone-else-ca');
  leaf('server', 'localhost');
  leaf('client', 'localhost');
  const secretFile = join(dir, 'enroll_secret.txt');
  writeFileSync(secretFile, `${ENROLL_SECRET}\n`, { mode: 0o600 });
  return {
    dir,
    caCert: join(dir, 'ca.pem'),
    otherCaCert: join(dir, 'other-ca.pem'),
    serverCert: join(dir, 'server.pem'),
    serverKey: join(dir, 'server.key'),
    clientCert: join(dir, 'client.pem'),
    clientKey: join(dir, 'client.key'),
    secretFile,
  };
}

export interface RecordedRequest {
  readonly path: string;
  readonly body: Record<string, unknown>;
  readonly gzip: boolean;
  readonly headers: Record<string, string | string[] | undefined>;
}

export interface ServerOptions {
  readonly verifyClientCert?: boolean;
}

export class ReferenceTlsServer {
  readonly requests: RecordedRequest[] = [];
  config: Record<string, unknown> = { schedule: { tls_proc: { query: 'select * from processes', interval: 1 } } };
  distributed: Record<string, unknown> = {
    queries: { info: 'select count(1) from osquery_info', flags: 'select count(1) from osquery_flags' },
  };
  readonly validKeys = new Set([NODE_KEY, 'this_is_also_a_node_secret']);
  /** The node key /enroll hands out (and from then on accepts); the reference server always gives NODE_KEY. */
  issueKey = NODE_KEY;
  #configCalls = 0;
  #server: Server;
  #port = 0;
  readonly #pki: TestPki;
  readonly #options: ServerOptions;

  private constructor(pki: TestPki, options: ServerOptions) {
    this.#pki = pki;
    this.#options = options;
    this.#server = this.#create();
  }

  static async start(pki: TestPki, options: ServerOptions = {}): Promise<ReferenceTlsServer> {
    const server = new ReferenceTlsServer(pki, options);
    await server.#listen(0);
    return server;
  }

  get port(): number {
    return this.#port;
  }

  /** `localhost:<port>`, as --tls_hostname. */
  get hostname(): string {
    return `localhost:${this.#port}`;
  }

  bodies(path: string): Array<Record<string, unknown>> {
    return this.requests.filter((r) => r.path === path).map((r) => r.body);
  }

  /** Stops listening and drops open connections: clients see the port refuse connections. */
  async down(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
    });
  }

  /** Listens again on the same port. */
  async up(): Promise<void> {
    this.#server = this.#create();
    await this.#listen(this.#port);
  }

  async stop(): Promise<void> {
    if (this.#server.listening) await this.down();
  }

  #create(): Server {
    const pki = this.#pki;
    return createServer(
      {
        key: readFileSync(pki.serverKey),
        cert: readFileSync(pki.serverCert),
        ca: readFileSync(pki.caCert),
        requestCert: this.#options.verifyClientCert === true,
        rejectUnauthorized: this.#options.verifyClientCert === true,
      },
      (req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (chunk: Buffer) => chunks.push(chunk));
        req.on('end', () => {
          const gzip = req.headers['content-encoding'] === 'gzip';
          let answer: unknown;
          try {
            const raw = Buffer.concat(chunks);
            const body = JSON.parse((gzip ? gunzipSync(raw) : raw).toString('utf8')) as Record<string, unknown>;
            const path = req.url ?? '/';
            this.requests.push({ path, body, gzip, headers: req.headers });
            answer = this.#answer(path, body);
          } catch {
            res.writeHead(400).end(); // the reference server's handler raises on a bad body: no JSON reply
            return;
          }
          let out = Buffer.from(JSON.stringify(answer));
          const headers: Record<string, string> = { 'Content-Type': 'application/json' };
          if (/gzip/.test(String(req.headers['accept-encoding'] ?? ''))) {
            out = gzipSync(out);
            headers['Content-Encoding'] = 'gzip';
          }
          headers['Content-Length'] = String(out.length);
          res.writeHead(200, headers).end(out);
        });
      },
    );
  }

  #answer(path: string, body: Record<string, unknown>): unknown {
    const keyValid = typeof body.node_key === 'string' && this.validKeys.has(body.node_key);
    switch (path) {
      case '/enroll':
        if (body.enroll_secret !== ENROLL_SECRET) return { node_invalid: true };
        this.validKeys.add(this.issueKey);
        return { node_key: this.issueKey };
      case '/config':
        if (!keyValid) return { node_invalid: true };
        this.#configCalls += 1;
        if (this.#configCalls % 3 === 2) return { node_invalid: true };
        return { ...this.config, node_invalid: false, node: true };
      case '/distributed_read':
        return keyValid ? this.distributed : { node_invalid: true };
      case '/distributed_write':
      case '/log':
        // The reference server does not check keys here; this one does, so revoking keys exercises re-enrollment.
        return keyValid ? {} : { node_invalid: true };
      case '/error':
        return { error: 'the server says no' }; // an addition: the reference server has no failing endpoint
      default:
        return { foo: 'bar' };
    }
  }

  #listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(port, '127.0.0.1', () => {
        this.#port = (this.#server.address() as AddressInfo).port;
        resolve();
      });
    });
  }
}
