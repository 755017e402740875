/**
 * The lines rsyslog writes into osquery's pipe with osquery's template (docs/wiki/deployment/syslog.md):
 *   template(name="OsqueryCsvFormat" type="string" string="%timestamp:::date-rfc3339,csv%,%hostname:::csv%,
 *     %syslogseverity:::csv%,%syslogfacility-text:::csv%,%syslogtag:::csv%,%msg:::csv%\n")
 * split as osquery's RsyslogCsvSeparator splits them (double quotes enclose, `""` inside is a quote, backslashes are
 * plain text) into a syslog_events row (SyslogEventPublisher::populateEventContext).
 */
import type { Row } from '../../engine/spec.js';

const FIELDS = 6;

/** Splits one line; `,,,,` is five empty fields, as osquery's tokenizer gives. */
export function splitRsyslogCsv(line: string): string[] {
  const fields: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') {
      if (quoted && line[i + 1] === '"') {
        current += '"';
        i++;
      } else {
        quoted = !quoted;
      }
    } else if (c === ',' && !quoted) {
      fields.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  fields.push(current);
  return fields;
}

/** The row of one line (fields trimmed, the tag's trailing colon dropped), or why the line is not one. */
export function syslogRow(line: string): Row | string {
  const fields = splitRsyslogCsv(line).map((f) => f.trim());
  if (fields.length > FIELDS) return 'Received more fields than expected';
  if (fields.length < FIELDS) return 'Received fewer fields than expected';
  const [datetime, host, severity, facility, tag, message] = fields as [string, string, string, string, string, string];
  return {
    datetime,
    host,
    severity: /^\d+$/.test(severity) ? Number(severity) : null,
    facility,
    tag: tag.endsWith(':') ? tag.slice(0, -1) : tag,
    message,
  };
}
