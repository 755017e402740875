/**
 * Every stage serves /metrics (Prometheus text), /healthz (the process is alive) and /readyz (config loaded and its
 * sink reachable) on a configurable address, loopback by default so nothing is exposed unless asked.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectDefaultMetrics, Gauge, type Registry } from 'prom-client';
import type { Logger } from './logger.js';

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, boolean>;
}

export interface HealthServerOptions {
  /** `host:port`; port 0 picks a free one (tests). */
  listen: string;
  registry: Registry;
  ready: () => Promise<ReadinessReport>;
  log: Logger;
}

export interface HealthServer {
  readonly url: string;
  close(): Promise<void>;
}

export const DEFAULT_LISTEN = {
  daemon: '127.0.0.1:9420',
  enricher: '127.0.0.1:9421',
  correlator: '127.0.0.1:9422',
  indexer: '127.0.0.1:9423',
  run: '127.0.0.1:9420',
} as const;

/** Process and Node defaults plus osprey_build_info, once per registry. */
export function registerDefaultMetrics(registry: Registry, version: string): void {
  if (registry.getSingleMetric('osprey_build_info')) return;
  collectDefaultMetrics({ register: registry });
  const info = new Gauge({
    name: 'osprey_build_info',
    help: 'Build information; always 1.',
    labelNames: ['version', 'node_version'],
    registers: [registry],
  });
  info.set({ version, node_version: process.version }, 1);
}

export function parseListen(listen: string): { host: string; port: number } {
  const match = /^\[?([^\]]*?)\]?:(\d+)$/.exec(listen.trim());
  if (!match) throw new Error(`Listen address "${listen}" is not host:port.`);
  return { host: match[1] || '127.0.0.1', port: Number(match[2]) };
}

export async function startHealthServer(options: HealthServerOptions): Promise<HealthServer> {
  const { host, port } = parseListen(options.listen);
  const server = createServer((req, res) => {
    void route(req.url ?? '/', options).then(
      ({ status, type, body }) => {
        res.writeHead(status, { 'content-type': type });
        res.end(body);
      },
      (err: unknown) => {
        options.log.warn({ err }, 'Health endpoint failed.');
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('internal error\n');
      },
    );
  });
  await listen(server, host, port);
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}`,
    // A stop does not wait for a scraper's kept-alive (or slow) connection.
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function route(
  url: string,
  options: HealthServerOptions,
): Promise<{ status: number; type: string; body: string }> {
  const path = url.split('?')[0];
  if (path === '/metrics') {
    return { status: 200, type: options.registry.contentType, body: await options.registry.metrics() };
  }
  if (path === '/healthz') return { status: 200, type: 'text/plain', body: 'ok\n' };
  if (path === '/readyz') {
    const report = await options.ready();
    return { status: report.ready ? 200 : 503, type: 'application/json', body: `${JSON.stringify(report)}\n` };
  }
  return { status: 404, type: 'text/plain', body: 'not found\n' };
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
