/**
 * Which file bodies (patches, untracked files) get inlined when not all of them fit. Each candidate
 * has a cost: its rendered size times a weight that makes lockfiles, generated and vendored files
 * and deletions less attractive. The pool keeps the cheapest candidates whose total size fits,
 * evicting the most expensive one whenever it overflows, so memory stays bounded by the budget
 * however large the change is. The result is the longest run of cheapest candidates that fits.
 */

export interface PoolEntry {
  id: number;
  /** UTF-8 size of the rendered body. */
  bytes: number;
  cost: number;
  body: string;
}

const LOW_VALUE = [
  /(^|\/)(package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|bun\.lockb?|Cargo\.lock|go\.sum|poetry\.lock|uv\.lock|Pipfile\.lock|Gemfile\.lock|composer\.lock|mix\.lock|flake\.lock|Podfile\.lock)$/,
  /(^|\/)(node_modules|vendor|third_party|dist|build|out|target|\.next|coverage|__snapshots__)\//,
  /\.(min\.js|min\.css|map|snap|lock|pb\.go|pb\.ts|generated\.\w+|svg)$/,
  /(_generated|\.g)\.\w+$/,
];

/** How much less a file is worth inlining than ordinary source: 1 (source) to 16 (lockfiles…). */
export function weightOf(path: string, deleted: boolean): number {
  const lowValue = LOW_VALUE.some((re) => re.test(path));
  return (lowValue ? 16 : 1) * (deleted ? 4 : 1);
}

export class InlinePool {
  private heap: PoolEntry[] = []; // max-heap by cost
  private used = 0;
  /** True once anything was evicted or refused: not everything is inlined. */
  dropped = false;

  constructor(private capacity: number) {}

  get usedBytes(): number {
    return this.used;
  }

  /** Whether a candidate of this size and cost could stay; lets callers skip reading it at all. */
  wouldKeep(bytes: number, cost: number): boolean {
    if (bytes > this.capacity) return false;
    if (this.used + bytes <= this.capacity) return true;
    return this.heap.length > 0 && cost < this.heap[0]!.cost;
  }

  add(entry: PoolEntry): void {
    if (entry.bytes > this.capacity) {
      this.dropped = true;
      return;
    }
    this.heap.push(entry);
    this.used += entry.bytes;
    this.siftUp(this.heap.length - 1);
    this.evict();
  }

  /** Lower the capacity (the final budget is known only after everything was read). */
  shrink(capacity: number): void {
    this.capacity = Math.max(0, Math.min(this.capacity, capacity));
    this.evict();
  }

  entries(): PoolEntry[] {
    return [...this.heap].sort((a, b) => a.id - b.id);
  }

  private evict(): void {
    while (this.used > this.capacity && this.heap.length) {
      const top = this.heap[0]!;
      const last = this.heap.pop()!;
      if (this.heap.length) {
        this.heap[0] = last;
        this.siftDown(0);
      }
      this.used -= top.bytes;
      this.dropped = true;
    }
  }

  private siftUp(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (h[parent]!.cost >= h[i]!.cost) return;
      [h[parent], h[i]] = [h[i]!, h[parent]!];
      i = parent;
    }
  }

  private siftDown(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let top = i;
      if (l < h.length && h[l]!.cost > h[top]!.cost) top = l;
      if (r < h.length && h[r]!.cost > h[top]!.cost) top = r;
      if (top === i) return;
      [h[top], h[i]] = [h[i]!, h[top]!];
      i = top;
    }
  }
}
