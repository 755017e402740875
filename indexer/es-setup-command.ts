/** `osprey es-setup --elasticsearch URL [--kibana URL]`: installs templates and dashboards (idempotent). */
import type { Command } from '../common/command.js';
import { QUIET_FLAG } from '../common/stage-flags.js';
import { defineFlags, parseFlags, UsageError } from '../common/command-flags.js';
import { createLogger } from '../common/logger.js';
import { createProgress } from '../common/progress.js';
import { createClient } from './elasticsearch/client.js';
import { importKibanaObjects, installTemplates, TEMPLATE_COUNT } from './elasticsearch/setup.js';

const FLAGS = defineFlags({
  elasticsearch: { type: 'string', value: 'URL', description: 'Elasticsearch to install into (required)' },
  kibana: { type: 'string', value: 'URL', description: 'Kibana to import the dashboards into (skipped without it)' },
  kibana_space: { type: 'string', value: 'NAME', description: 'Kibana space (default: the default space)' },
  ca_file: {
    type: 'string',
    value: 'PEM',
    description: 'CA bundle for an Elasticsearch with a private CA',
    complete: 'file',
  },
  quiet: QUIET_FLAG,
});

export const esSetupCommand: Command = {
  usage: 'osprey es-setup --elasticsearch URL [--kibana URL] [--kibana_space NAME] [--ca_file PEM]',
  description:
    'Installs the ILM policy, component and index templates, and (with --kibana) the dashboards. Safe to run\n' +
    'again: everything is overwritten with the current version.',
  example: 'osprey es-setup --elasticsearch https://localhost:9200 --kibana http://localhost:5601 --ca_file ca.pem',
  flags: FLAGS,
  notes:
    'Credentials come from the environment: ELASTICSEARCH_API_KEY, or ELASTICSEARCH_USERNAME and\n' +
    'ELASTICSEARCH_PASSWORD (also used for Kibana).',
  async run(argv) {
    const { values } = parseFlags(FLAGS, argv);
    if (!values.elasticsearch) throw new UsageError('--elasticsearch URL is required.');
    const log = createLogger();
    const auth = {
      ...(process.env.ELASTICSEARCH_API_KEY ? { apiKey: process.env.ELASTICSEARCH_API_KEY } : {}),
      ...(process.env.ELASTICSEARCH_USERNAME
        ? { username: process.env.ELASTICSEARCH_USERNAME, password: process.env.ELASTICSEARCH_PASSWORD ?? '' }
        : {}),
    };
    const client = createClient({
      node: values.elasticsearch,
      ...auth,
      ...(values.ca_file ? { caFile: values.ca_file } : {}),
    });
    const total = TEMPLATE_COUNT + (values.kibana ? 1 : 0);
    const progress = createProgress({ label: 'es-setup', total, unit: 'items', quiet: values.quiet });
    let steps = 0;
    try {
      const items = await installTemplates(client, log, (item) => progress.update(++steps, item));
      let imported: number | undefined;
      if (values.kibana) {
        const space = values.kibana_space ? { space: values.kibana_space } : {};
        imported = await importKibanaObjects({ url: values.kibana, ...auth, ...space }, log);
        progress.update(++steps, 'Kibana saved objects');
      }
      progress.stop(); // the bar's last line stays above the summary
      for (const item of items) process.stdout.write(`installed ${item}\n`);
      if (imported !== undefined) process.stdout.write(`imported ${imported} Kibana saved objects\n`);
      return 0;
    } finally {
      progress.stop();
      await client.close();
    }
  },
};
