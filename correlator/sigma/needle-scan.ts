/**
 * Which of many needles occur in a text, in one pass over the text: needles are indexed by their first two
 * characters (hashed into a table of buckets), so each text position costs one table read, and only the needles
 * starting with that position's two characters are compared there. The rules' literals for one field (a hundred or
 * more for CommandLine) are found this way at once, instead of one `includes` scan of the text per literal.
 */

const BUCKETS = 4096;

function bucketOf(first: number, second: number): number {
  return ((first * 31) ^ second) & (BUCKETS - 1);
}

export interface Needle {
  /** Marked in the stamp array when found. */
  readonly id: number;
  /** Non-empty. */
  readonly text: string;
}

export class NeedleScan {
  // Per bucket, its first entry; per entry, the next entry of its bucket (-1 ends both).
  readonly #head = new Int32Array(BUCKETS).fill(-1);
  readonly #next: Int32Array;
  readonly #ids: Int32Array;
  readonly #texts: string[];
  /** One-character needles have no second character to index by; they are looked for directly. */
  readonly #single: Needle[];

  constructor(needles: readonly Needle[]) {
    const indexed = needles.filter((n) => n.text.length >= 2);
    this.#single = needles.filter((n) => n.text.length === 1);
    this.#next = new Int32Array(indexed.length);
    this.#ids = Int32Array.from(indexed.map((n) => n.id));
    this.#texts = indexed.map((n) => n.text);
    indexed.forEach((n, entry) => {
      const bucket = bucketOf(n.text.charCodeAt(0), n.text.charCodeAt(1));
      this.#next[entry] = this.#head[bucket] as number;
      this.#head[bucket] = entry;
    });
  }

  /** Sets stamp[id] = epoch for every needle that occurs in the text (as `text.includes(needle)` would say). */
  mark(text: string, stamp: Int32Array, epoch: number): void {
    for (const n of this.#single) if (text.includes(n.text)) stamp[n.id] = epoch;
    const head = this.#head;
    const next = this.#next;
    const ids = this.#ids;
    const texts = this.#texts;
    const end = text.length - 1;
    for (let i = 0; i < end; i++) {
      for (
        let e = head[bucketOf(text.charCodeAt(i), text.charCodeAt(i + 1))] as number;
        e !== -1;
        e = next[e] as number
      ) {
        const id = ids[e] as number;
        if (stamp[id] !== epoch && text.startsWith(texts[e] as string, i)) stamp[id] = epoch;
      }
    }
  }
}
