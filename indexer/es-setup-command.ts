/** `osprey es-setup --elasticsearch URL [--kibana URL]`: installs templates and dashboards (idempotent). */
import { parseArgs } from 'node:util';
import type { Command } from '../common/command.js';
import { createLogger } from '../common/logger.js';
import { createClient } from './elasticsearch/client.js';
import { importKibanaObjects, installTemplates } from './elasticsearch/setup.js';

export const esSetupCommand: Command = {
  summary: 'Install Elasticsearch templates, ILM policy and Kibana dashboards',
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        elasticsearch: { type: 'string' },
        kibana: { type: 'string' },
        kibana_space: { type: 'string' },
        ca_file: { type: 'string' },
        help: { type: 'boolean' },
      },
    });
    if (values.help || !values.elasticsearch) {
      process.stdout.write(
        'Usage: osprey es-setup --elasticsearch URL [--kibana URL] [--kibana_space NAME] [--ca_file PEM]\n' +
          'Credentials come from the environment: ELASTICSEARCH_API_KEY, or ELASTICSEARCH_USERNAME and\n' +
          'ELASTICSEARCH_PASSWORD (also used for Kibana).\n',
      );
      return values.help ? 0 : 1;
    }
    const log = createLogger();
    const auth = {
      ...(process.env.ELASTICSEARCH_API_KEY ? { apiKey: process.env.ELASTICSEARCH_API_KEY } : {}),
      ...(process.env.ELASTICSEARCH_USERNAME
        ? { username: process.env.ELASTICSEARCH_USERNAME, password: process.env.ELASTICSEARCH_PASSWORD ?? '' }
        : {}),
    };
    const client = createClient({ node: values.elasticsearch, ...auth, ...(values.ca_file ? { caFile: values.ca_file } : {}) });
    try {
      for (const item of await installTemplates(client, log)) process.stdout.write(`installed ${item}\n`);
      if (values.kibana) {
        const count = await importKibanaObjects(
          { url: values.kibana, ...auth, ...(values.kibana_space ? { space: values.kibana_space } : {}) },
          log,
        );
        process.stdout.write(`imported ${count} Kibana saved objects\n`);
      }
      return 0;
    } finally {
      await client.close();
    }
  },
};
