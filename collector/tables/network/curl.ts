/**
 * `curl`: one GET per `url = …` value, as osquery's genCurl: method GET, user agent `osquery` (or the one
 * `user_agent = …` names, CR and LF removed so it cannot inject a header; two user agents give no rows), the
 * status, the round trip in microseconds, the body and its size in bytes. A request that fails still gives its row, with only url,
 * method and user_agent set, and the failure is counted (osquery logs a warning). Only http and https URLs are
 * fetched; anything else is refused rather than handed to a client that may read files.
 */
import type { QueryContext, Row } from '../../engine/spec.js';
import { httpRequestSync } from '../lib/sync-http.js';

const USER_AGENT = 'osquery';
/** osquery's http client gives up after its own timeout; 10 s keeps a slow server from holding a query for long. */
const TIMEOUT_MS = 10_000;

export function genCurl(ctx: QueryContext): Row[] {
  const agents = [...new Set(ctx.equals('user_agent').map(String))];
  if (agents.length > 1) {
    ctx.errors.skip('curl: can only accept a single user_agent');
    return [];
  }
  const userAgent = agents[0]?.replace(/[\r\n]/g, '') ?? USER_AGENT;
  return ctx.equals('url').map((value) => fetchRow(ctx, String(value), userAgent));
}

function fetchRow(ctx: QueryContext, url: string, userAgent: string): Row {
  const row: Row = { url, method: 'GET', user_agent: userAgent };
  if (!/^https?:\/\//i.test(url)) {
    ctx.errors.skip(`curl: ${url} is not an http or https URL`);
    return row;
  }
  try {
    const res = httpRequestSync({ url, headers: { 'User-Agent': userAgent }, timeoutMs: TIMEOUT_MS });
    return {
      ...row,
      response_code: res.status,
      round_trip_time: res.roundTripMicros,
      result: res.body,
      bytes: Buffer.byteLength(res.body),
    };
  } catch (err) {
    ctx.errors.skip(`curl: request to ${url} failed`, err);
    return row;
  }
}
