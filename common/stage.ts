/**
 * The one stage interface shared by the collector's output, the enricher, the correlator and the index stage
 * (Vector's transforms, pino's transport contract): batches in, batches out. The promise returned by `process`
 * is the backpressure: a runner sends the next batch only when it resolves. `close()` returns whatever the stage
 * still holds (open windows, rows waiting for metadata) so that nothing is lost at shutdown.
 */
export interface Stage<I, O> {
  readonly name: string;
  process(batch: readonly I[]): Promise<O[]>;
  close(): Promise<O[]>;
  /** Ready to take work (its dependencies reachable); drives /readyz. */
  healthcheck?(): Promise<boolean>;
}

/** A stage made from a per-event function; returning null drops the event. */
export function mapStage<I, O>(name: string, fn: (event: I) => O | null): Stage<I, O> {
  return {
    name,
    async process(batch) {
      const out: O[] = [];
      for (const event of batch) {
        const mapped = fn(event);
        if (mapped !== null) out.push(mapped);
      }
      return out;
    },
    async close() {
      return [];
    },
  };
}
