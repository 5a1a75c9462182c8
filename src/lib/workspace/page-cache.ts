/**
 * The decoded pages of stored originals while a report is open (issue 18): each page is decoded (and deskewed)
 * once, however many crops are cut from it, and everything is freed when the report is left — a scanned page
 * is a few MB, and a bitmap holds memory outside the JavaScript heap until it is closed. Plain code: the
 * drawing and the freeing are given, so it is tested in Node.
 */
interface Slot<P> {
  promise: Promise<P>;
  page?: P;
  dropped: boolean;
}

export class PageCache<P> {
  #pages = new Map<string, Slot<P>>();

  constructor(
    private readonly draw: (key: string) => Promise<P>,
    private readonly free: (page: P) => void,
    /** The most pages kept at once: past it the oldest is let go (not freed — a crop may be cut from it right now). */
    private readonly max = 6,
  ) {}

  /** The page, drawn on the first ask; a page that failed is drawn again on the next ask. */
  get(key: string): Promise<P> {
    const had = this.#pages.get(key);
    if (had) return had.promise;
    const slot = { dropped: false } as Slot<P>;
    slot.promise = this.draw(key).then(
      (page) => {
        // Cleared while it was drawn: nobody keeps it, so it is freed at once.
        if (slot.dropped) this.free(page);
        else slot.page = page;
        return page;
      },
      (e: unknown) => {
        if (this.#pages.get(key) === slot) this.#pages.delete(key);
        throw e;
      },
    );
    if (this.#pages.size >= this.max) this.#pages.delete(this.#pages.keys().next().value!);
    this.#pages.set(key, slot);
    return slot.promise;
  }

  /** How many pages are kept (drawn or being drawn). */
  get size(): number {
    return this.#pages.size;
  }

  /** Free every page (the report was left): those drawn now, those still being drawn when they arrive. */
  clear(): void {
    const slots = [...this.#pages.values()];
    this.#pages.clear();
    for (const slot of slots) {
      slot.dropped = true;
      if (slot.page !== undefined) this.free(slot.page);
      slot.page = undefined;
    }
  }
}
