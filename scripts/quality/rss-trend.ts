// Least-squares slope of a series of samples, the figure the soak prints for memory: a leak shows
// as a steady climb across idle cycles, while GC noise averages out over hundreds of samples.
export function linearSlope(samples: readonly number[]): number {
  const n = samples.length;
  if (n < 2) return 0;
  const meanX = (n - 1) / 2;
  const meanY = samples.reduce((sum, y) => sum + y, 0) / n;
  let numerator = 0;
  let denominator = 0;
  for (let x = 0; x < n; x++) {
    numerator += (x - meanX) * (samples[x]! - meanY);
    denominator += (x - meanX) ** 2;
  }
  return numerator / denominator;
}

export interface RssTrend {
  cycles: number;
  warmup: number;
  slopeKbPerCycle: number;
  firstKb: number;
  lastKb: number;
  flat: boolean;
}

/**
 * Fits the samples (one every `cyclesPerSample` cycles) after the warm-up share; flat when the
 * slope per cycle is below the threshold.
 */
export function rssTrend(samplesBytes: readonly number[], options: { cyclesPerSample: number; warmupShare?: number; thresholdKbPerCycle: number }): RssTrend {
  const warmupSamples = Math.floor(samplesBytes.length * (options.warmupShare ?? 0.2));
  const kept = samplesBytes.slice(warmupSamples).map((bytes) => bytes / 1024);
  const slope = linearSlope(kept) / options.cyclesPerSample;
  return {
    cycles: samplesBytes.length * options.cyclesPerSample,
    warmup: warmupSamples * options.cyclesPerSample,
    slopeKbPerCycle: slope,
    firstKb: kept[0] ?? 0,
    lastKb: kept.at(-1) ?? 0,
    flat: slope < options.thresholdKbPerCycle,
  };
}
