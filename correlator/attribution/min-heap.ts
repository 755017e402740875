/**
 * A binary min-heap by a numeric key: pending flows ordered by event time. Each item's key is read once, on push,
 * and kept in a parallel array: sifting compares numbers in one array instead of calling keyOf and following
 * pointers into every item it passes (it was the attributor's costliest line).
 */
export class MinHeap<T> {
  readonly #items: T[] = [];
  readonly #keys: number[] = [];
  constructor(private readonly keyOf: (item: T) => number) {}

  get size(): number {
    return this.#items.length;
  }

  peek(): T | undefined {
    return this.#items[0];
  }

  push(item: T): void {
    const items = this.#items;
    const keys = this.#keys;
    const key = this.keyOf(item);
    items.push(item);
    keys.push(key);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const parentKey = keys[parent] as number;
      if (parentKey <= key) break;
      items[i] = items[parent] as T;
      keys[i] = parentKey;
      i = parent;
    }
    items[i] = item;
    keys[i] = key;
  }

  pop(): T | undefined {
    const items = this.#items;
    const keys = this.#keys;
    const top = items[0];
    const last = items.pop();
    const key = keys.pop() as number;
    if (items.length === 0 || last === undefined) return top;
    const n = items.length;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && (keys[right] as number) < (keys[left] as number) ? right : left;
      const childKey = keys[child] as number;
      if (childKey >= key) break;
      items[i] = items[child] as T;
      keys[i] = childKey;
      i = child;
    }
    items[i] = last;
    keys[i] = key;
    return top;
  }
}
