/** osquery's `curl` table (spec specs/curl.table, implementation networking/curl@genCurl). */
import { col, defineTable } from '../../engine/spec.js';
import { genCurl } from './curl.js';

export default defineTable({
  name: 'curl',
  description: 'Perform an http request and return stats about it.',
  platforms: ['linux', 'darwin', 'windows'],
  columns: [
    col('url', 'TEXT', 'The url for the request', { required: true, index: true }),
    col('method', 'TEXT', 'The HTTP method for the request'),
    col('user_agent', 'TEXT', 'The user-agent string to use for the request', { additional: true }),
    col('response_code', 'INTEGER', 'The HTTP status code for the response'),
    col('round_trip_time', 'BIGINT', 'Time taken to complete the request'),
    col('bytes', 'BIGINT', 'Number of bytes in the response'),
    col('result', 'TEXT', 'The HTTP response body'),
  ],
  examples: ["select url, round_trip_time, response_code from curl where url = 'https://github.com/osquery/osquery'"],
  generate: genCurl,
});
