// The V8 flags every process that runs the engine starts with: the npm scripts `connector`,
// `headless` and `demo` (spelled out there, since a package.json script cannot import this file),
// the Electron app (main/app/index.ts) and the backfill benchmark's child. test/unit/engine/v8-flags.test.ts
// checks that they all agree with this list.
//
// Why: a backfill parses ~1 MB of JSON per 500-record page. With V8's defaults the young generation
// grows to tens of MB and the old generation runs to ~4x its live set before a full GC, so the
// connector peaked at 223-225 MB RSS (its own; see scripts/quality/peak-rss.ts) for a ~20 MB live
// heap, against 120-125 MB with these flags.
export const ENGINE_V8_FLAGS = [
  // A 4 MB semi-space (the default grows to 16+ MB each) caps the young generation at a few MB.
  // A backfill parses one record at a time (main/sync/page-decode.ts), so its garbage dies young
  // at this size. Measured on 20,000 orders: 2 MB cost 12-15 % more wall time in scavenges, 8 MB
  // took the 100,000-order peak to 148 MB and 16 MB past 150 MB, for no further gain.
  '--max-semi-space-size=4',
  // A safety cap, well above the ~20-30 MB live heap, that also makes V8 grow the old generation
  // by a smaller factor (~1.6x instead of up to 4x) before collecting it. Trade-off: more full GCs
  // during a backfill, and a process whose live heap really exceeded 512 MB would stop with an
  // out-of-memory error instead of swelling the warehouse PC's memory.
  '--max-old-space-size=512',
  // WebAssembly stays on Liftoff, V8's baseline compiler. undici parses HTTP/1 with llhttp compiled
  // to WebAssembly; once it ran hot, V8 recompiled its one large state-machine function with
  // TurboFan on a background thread, in a 22 MB zone (--trace-wasm-compilation-times) whose pages
  // that thread's malloc arena then kept, or not, as it happened. Without that compile the
  // backfill's peak RSS fell from 135-137 to 120-125 MB (20,000 orders) and the soak's idle
  // connector from 148-168 MB (one run to the next) to 143-146 MB. The parser's share of a
  // profile reading 400 responses of 750 KB was the same at either tier (59 against 62 ms).
  // Both flags: with only dynamic tiering off, V8 compiles every function with TurboFan up front.
  // A function Liftoff cannot compile still falls back to TurboFan (unlike --liftoff-only, a
  // testing flag that fails instead).
  '--no-wasm-dynamic-tiering',
  '--no-wasm-tier-up',
] as const;

/** The flags as one `js-flags` switch value (Electron) or one command-line fragment. */
export const ENGINE_V8_FLAGS_TEXT = ENGINE_V8_FLAGS.join(' ');
