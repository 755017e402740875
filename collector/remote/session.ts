/**
 * One remote session per daemon (per --database_path, which only one daemon can hold): the TLS client, the node key
 * and enrollment, shared by the tls config plugin, the tls logger plugin and the distributed poller. The logger
 * plugin is built by the logger registry, which knows only flags, so the session is found by database_path.
 * Every call injects the node key; a `node_invalid: true` from any endpoint drops the key (unless
 * --disable_reenrollment), enrolls again and repeats the call once.
 */
import { hostname } from 'node:os';
import { messageOf, OspreyError } from '../../common/errors.js';
import type { Logger } from '../../common/logger.js';
import { sleep } from '../../common/retry.js';
import { enrollDelaySeconds, enrollOnce, NodeKeyFile, type HostDetails } from './enroll.js';
import { NodeInvalidError, TlsClient, type PostOptions, type RemoteFlags } from './tls-client.js';

export interface SessionHooks {
  /** The daemon's host identifier (--host_identifier), as its log lines carry. */
  hostIdentifier(): string;
  /** host_details for enrollment, from the engine's tables. */
  hostDetails(): HostDetails;
}

export class RemoteSession {
  readonly client: TlsClient;
  readonly #flags: RemoteFlags;
  readonly #log: Logger;
  readonly #keys: NodeKeyFile;
  readonly #stop = new AbortController();
  #hooks: SessionHooks;
  #nodeKey: string | undefined;
  #enrolling: Promise<string> | undefined;
  #users = 0;
  #databasePath: string;

  constructor(flags: RemoteFlags, log: Logger) {
    this.#flags = flags;
    this.#log = log.child({ component: 'remote' });
    this.#databasePath = flags.get('database_path') ?? '';
    this.client = new TlsClient(flags, this.#log);
    this.#keys = new NodeKeyFile(this.#databasePath);
    if (flags.getBool('enroll_always')) this.#keys.delete();
    this.#nodeKey = this.#keys.read();
    this.#hooks = { hostIdentifier: () => hostname(), hostDetails: () => ({}) };
  }

  setHooks(hooks: SessionHooks): void {
    this.#hooks = hooks;
  }

  /**
   * The node key, enrolling when there is none. `patient` follows osquery's start-up enrollment: up to
   * --tls_enroll_max_attempts (0 = no limit) with n² s sleeps; otherwise one attempt (the caller's loop retries).
   */
  async nodeKey(patient = false): Promise<string> {
    if (this.#nodeKey !== undefined) return this.#nodeKey;
    if (this.#flags.getBool('disable_enrollment')) return '';
    this.#enrolling ??= this.#enroll(patient).finally(() => {
      this.#enrolling = undefined;
    });
    return this.#enrolling;
  }

  /** POSTs to an endpoint with the node key; re-enrolls once on node_invalid. */
  async call(
    endpoint: string,
    body: Record<string, unknown>,
    options: Omit<PostOptions, 'nodeKey'> = {},
  ): Promise<Record<string, unknown>> {
    const key = await this.nodeKey();
    try {
      return await this.client.post(endpoint, { ...body, node_key: key }, { ...options, nodeKey: key });
    } catch (err) {
      if (!(err instanceof NodeInvalidError) || this.#flags.getBool('disable_reenrollment')) throw err;
      this.#invalidate(key, endpoint);
      const fresh = await this.nodeKey();
      return this.client.post(endpoint, { ...body, node_key: fresh }, { ...options, nodeKey: fresh });
    }
  }

  /** An AbortSignal that fires when the daemon stops (for sleeps in retry loops). */
  get stopping(): AbortSignal {
    return this.#stop.signal;
  }

  #invalidate(key: string, endpoint: string): void {
    if (this.#nodeKey !== key) return; // another call already re-enrolled
    this.#log.warn({ endpoint }, 'The server says the node key is invalid; enrolling again.');
    this.#nodeKey = undefined;
    this.#keys.delete();
  }

  async #enroll(patient: boolean): Promise<string> {
    const max = patient ? this.#flags.getNumber('tls_enroll_max_attempts') : 1;
    for (let attempt = 1; ; attempt++) {
      try {
        const key = await enrollOnce({
          client: this.client,
          flags: this.#flags,
          hostIdentifier: this.#hooks.hostIdentifier(),
          hostDetails: this.#hooks.hostDetails(),
        });
        this.#keys.write(key);
        this.#nodeKey = key;
        this.#log.info({ server: this.client.origin }, 'Enrolled with the TLS server.');
        return key;
      } catch (err) {
        const retriable = !(err instanceof OspreyError) || err.retriable || err instanceof NodeInvalidError;
        if (!retriable || (max > 0 && attempt >= max) || this.#stop.signal.aborted) {
          throw new OspreyError(
            'SINK_REJECTED',
            `Failed enrollment request to ${this.client.origin}: ${messageOf(err)}`,
            {
              retriable,
              cause: err,
            },
          );
        }
        const seconds = enrollDelaySeconds(attempt, this.#flags.getNumber('tls_enroll_max_interval'));
        this.#log.warn({ attempt, seconds }, `Enrollment failed: ${messageOf(err)}; trying again.`);
        await sleep(seconds * 1000, this.#stop.signal);
      }
    }
  }

  /** Drops a user; the last one closes the client and cancels waits. */
  release(): void {
    this.#users -= 1;
    if (this.#users > 0) return;
    this.#stop.abort(new OspreyError('INTERNAL', 'The daemon is stopping', { retriable: false }));
    this.client.close();
  }

  /** Adds a user (remote management, the tls logger); each calls release() when done. */
  retain(): this {
    this.#users += 1;
    return this;
  }
}
