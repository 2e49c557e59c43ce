/**
 * nRMSE, the paper's SciML metric (docs/METHOD.md §4): for each sample b, channel c and
 * time t, e = ‖ŷ[b,t,c,:] − y[b,t,c,:]‖₂ / ‖y[b,t,c,:]‖₂ over space; report the mean over samples,
 * channels and the evaluated times (those from `startTime` on, i.e. after the initial frames the
 * model was given).
 *
 * Layout: row-major [samples, times, channels, nx] — the layout of generatePdeDataset (scalar
 * equations have channels = 1, i.e. [samples, times, nx]).
 *
 * Zero targets: when ‖y‖₂ = 0 the ratio is undefined (0/0 or x/0). Such (b, t, c) slices are left
 * out of every mean and counted in `skipped`; if every slice is skipped the means are NaN. This is
 * explicit rather than an ε in the denominator, which would give huge, scale-dependent values.
 * Sums are accumulated in float64 whatever the input precision.
 */

/** Shape of the arrays compared by {@link nrmse}. */
export interface NrmseShape {
  samples: number;
  times: number;
  /** 1 for scalar equations; 3 (ρ, v, p) for CFD. */
  channels: number;
  nx: number;
}

/** Result of {@link nrmse}. */
export interface NrmseResult {
  /** Mean over all evaluated (sample, time, channel) slices. */
  mean: number;
  /** Mean over samples and channels for each time index (NaN before startTime or where all skipped). */
  perTime: Float64Array;
  /** Mean over times and channels for each sample. */
  perSample: Float64Array;
  /** Mean over samples and evaluated times for each channel (CFD: ρ, v, p). */
  perChannel: Float64Array;
  /** Number of slices that entered the mean. */
  count: number;
  /** Slices left out because ‖y‖₂ = 0. */
  skipped: number;
}

type Field = Float32Array | Float64Array;

/**
 * nRMSE of prediction `pred` against target `target`, both laid out [samples, times, channels, nx].
 * @param startTime first time index evaluated (PDEBench's initial_step; default 0).
 * @throws if the arrays do not match the shape.
 */
export function nrmse(pred: Field, target: Field, shape: NrmseShape, startTime = 0): NrmseResult {
  const { samples, times, channels, nx } = shape;
  const size = samples * times * channels * nx;
  if (pred.length !== size || target.length !== size) {
    throw new Error(`nrmse: expected ${size} values for ${JSON.stringify(shape)}, got ${pred.length} and ${target.length}`);
  }
  if (!(Number.isInteger(startTime) && startTime >= 0)) throw new Error(`startTime must be a non-negative integer, got ${startTime}`);
  const timeSum = new Float64Array(times);
  const timeCount = new Float64Array(times);
  const sampleSum = new Float64Array(samples);
  const sampleCount = new Float64Array(samples);
  const channelSum = new Float64Array(channels);
  const channelCount = new Float64Array(channels);
  let sum = 0;
  let count = 0;
  let skipped = 0;
  for (let b = 0; b < samples; b++) {
    for (let t = startTime; t < times; t++) {
      for (let c = 0; c < channels; c++) {
        const off = ((b * times + t) * channels + c) * nx;
        let num = 0;
        let den = 0;
        for (let i = 0; i < nx; i++) {
          const y = target[off + i];
          const d = pred[off + i] - y;
          num += d * d;
          den += y * y;
        }
        if (den === 0) {
          skipped++;
          continue;
        }
        const e = Math.sqrt(num / den);
        sum += e;
        count++;
        timeSum[t] += e;
        timeCount[t]++;
        sampleSum[b] += e;
        sampleCount[b]++;
        channelSum[c] += e;
        channelCount[c]++;
      }
    }
  }
  return {
    mean: count > 0 ? sum / count : NaN,
    perTime: timeSum.map((s, t) => (timeCount[t] > 0 ? s / timeCount[t] : NaN)),
    perSample: sampleSum.map((s, b) => (sampleCount[b] > 0 ? s / sampleCount[b] : NaN)),
    perChannel: channelSum.map((s, c) => (channelCount[c] > 0 ? s / channelCount[c] : NaN)),
    count,
    skipped,
  };
}
