/**
 * --config_plugin=tls (docs/osquery-compatibility.md §6.3): the config is the JSON object --config_tls_endpoint returns, treated as one
 * source named `tls_plugin`, parsed and checked exactly like a config file. A fetch that fails (after
 * --config_tls_max_attempts) or a config with errors comes back as a LoadedConfig with error issues, so the daemon
 * keeps its running config and says why, as it does for a broken file on reload.
 */
import { messageOf } from '../../common/errors.js';
import type { Logger } from '../../common/logger.js';
import { retry } from '../../common/retry.js';
import { configFailure, loadConfigText, type LoadedConfig } from '../config/load.js';
import type { Flags } from '../flags/flags.js';
import type { RemoteSession } from './session.js';

export const TLS_CONFIG_SOURCE = 'tls_plugin';

export class TlsConfigPlugin {
  readonly #session: RemoteSession;
  readonly #flags: Flags;
  readonly #log: Logger;

  constructor(session: RemoteSession, flags: Flags, log: Logger) {
    this.#session = session;
    this.#flags = flags;
    this.#log = log.child({ component: 'tls-config' });
  }

  /** Fetches and parses the config; never throws (failures are error issues). `patient` enrolls as at start-up. */
  async load(patient = false): Promise<LoadedConfig> {
    const endpoint = this.#flags.get('config_tls_endpoint') ?? '';
    let text: string;
    try {
      if (patient) await this.#session.nodeKey(true);
      const response = await retry(() => this.#session.call(endpoint, {}), {
        retries: Math.max(1, this.#flags.getNumber('config_tls_max_attempts')),
        initialDelayMs: 1000,
        maxDelayMs: 10_000,
        signal: this.#session.stopping,
      });
      text = configText(response);
    } catch (err) {
      const where = `${this.#session.client.origin}${endpoint}`;
      this.#log.debug({ err }, 'Config fetch failed.');
      return configFailure(TLS_CONFIG_SOURCE, `Cannot fetch the config from ${where}: ${messageOf(err)}`, {
        flags: this.#flags,
      });
    }
    return loadConfigText(text, TLS_CONFIG_SOURCE, { flags: this.#flags });
  }

  /** The config a daemon starts with when the server cannot give one (osquery starts with none and retries). */
  empty(): LoadedConfig {
    return loadConfigText('{}', TLS_CONFIG_SOURCE, { flags: this.#flags });
  }
}

/**
 * The response minus `node_invalid` (the API's own key, not config). Other keys the server adds stay, and an
 * unknown one is reported like an unknown key in a file.
 */
function configText(response: Record<string, unknown>): string {
  const config: Record<string, unknown> = { ...response };
  delete config.node_invalid;
  return JSON.stringify(config);
}
