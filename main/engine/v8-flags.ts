// The V8 flags every process that runs the engine starts with: the npm scripts `connector`,
// `headless` and `demo` (spelled out there, since a package.json script cannot import this file),
// the Electron app (main/app/index.ts) and the backfill benchmark's child. test/unit/engine/v8-flags.test.ts
// checks that they all agree with this list.
//
// Why: a backfill parses ~1 MB of JSON per 500-record page. With V8's defaults the young generation
// grows to tens of MB and the old generation runs to ~4x its live set before a full GC, so the
// connector peaked near 280 MB RSS for a ~20 MB live heap.
export const ENGINE_V8_FLAGS = [
  // A 2 MB semi-space (the default grows to 16+ MB each) caps the young generation at a few MB.
  // Trade-off: more, shorter scavenges, and a page's records are promoted instead of dying young.
  '--max-semi-space-size=2',
  // A safety cap, well above the ~20-30 MB live heap, that also makes V8 grow the old generation
  // by a smaller factor (~1.6x instead of up to 4x) before collecting it. Trade-off: more full GCs
  // during a backfill, and a process whose live heap really exceeded 512 MB would stop with an
  // out-of-memory error instead of swelling the warehouse PC's memory.
  '--max-old-space-size=512',
] as const;

/** The flags as one `js-flags` switch value (Electron) or one command-line fragment. */
export const ENGINE_V8_FLAGS_TEXT = ENGINE_V8_FLAGS.join(' ');
