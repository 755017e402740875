/**
 * Batching by bytes and time across calls: documents handed in by concurrent callers (one per partition) within
 * `lingerMs` go out in one bulk request, or at once when `maxBytes` is reached. Each caller's promise settles with
 * the outcome of its own documents, so offsets are still committed per batch only after the write.
 */
import type { IndexDocument } from './documents/documents.js';

export interface WriteResult<R> {
  rejected: R[];
}

interface Waiter<R> {
  docs: readonly IndexDocument[];
  resolve: (result: WriteResult<R>) => void;
  reject: (err: unknown) => void;
}

export class Coalescer<R extends { doc: IndexDocument }> {
  readonly #write: (docs: IndexDocument[]) => Promise<WriteResult<R>>;
  readonly #lingerMs: number;
  readonly #maxBytes: number;
  #waiting: Waiter<R>[] = [];
  #bytes = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: {
    write: (docs: IndexDocument[]) => Promise<WriteResult<R>>;
    lingerMs: number;
    maxBytes: number;
  }) {
    this.#write = options.write;
    this.#lingerMs = options.lingerMs;
    this.#maxBytes = options.maxBytes;
  }

  submit(docs: readonly IndexDocument[]): Promise<WriteResult<R>> {
    if (docs.length === 0) return Promise.resolve({ rejected: [] });
    return new Promise((resolve, reject) => {
      this.#waiting.push({ docs, resolve, reject });
      for (const doc of docs) this.#bytes += Buffer.byteLength(doc.id) + 64;
      if (this.#bytes >= this.#maxBytes || this.#lingerMs <= 0) this.flush();
      else this.#timer ??= setTimeout(() => this.flush(), this.#lingerMs);
    });
  }

  /** Sends whatever is waiting now. */
  flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const waiting = this.#waiting;
    this.#waiting = [];
    this.#bytes = 0;
    if (waiting.length === 0) return;
    const all = waiting.flatMap((w) => w.docs);
    this.#write(all).then(
      (result) => {
        const rejectedByDoc = new Map(result.rejected.map((r) => [r.doc, r]));
        for (const w of waiting) {
          const mine = w.docs.map((d) => rejectedByDoc.get(d)).filter((r): r is R => r !== undefined);
          w.resolve({ rejected: mine });
        }
      },
      (err: unknown) => {
        for (const w of waiting) w.reject(err);
      },
    );
  }
}
