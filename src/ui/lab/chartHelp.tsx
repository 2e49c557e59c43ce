/**
 * The short "how to read this" text of each Lab chart, in one place so it can be checked against
 * docs/METHOD.md (the definitions) in one reading.
 */
import type { ReactNode } from 'react';

export const HELP: Record<string, ReactNode> = {
  esd: (
    <p>
      The <strong>empirical spectral density (ESD)</strong> of a weight matrix W is the histogram of the eigenvalues λ of WᵀW
      (squared singular values), here on log–log axes. Heavy-Tailed Self-Regularization fits a power law p(λ) ∝ λ<sup>−α</sup>{' '}
      to the tail above <em>xmin</em> (dashed line; Hill estimator, <code>PL_Alpha_Hill</code>). Conv kernels pool the
      spectra of their k slices. Training moves mass into the tail: the fitted line gets flatter and α smaller.
    </p>
  ),
  alphaBars: (
    <>
    <p>
      α of every analysed matrix at the first re-estimate (light) and now (dark). The shaded bands are the HT-SR reading:{' '}
      <span className="alpha--heavy">α &lt; 2</span> very heavy-tailed (possibly over-trained),{' '}
      <span className="alpha--good">2–6</span> well trained, <span className="alpha--random">α &gt; 6</span> close to random
      (under-trained). The paper finds that with little data the layers train unevenly and α spreads out; TempBalance aims to pull them together.
    </p>
    <p>
      The black tick on each row is the α of a matrix of random Gaussian numbers of the same shape, fitted the same way. A layer
      whose bar ends at its tick is, by this measure, <em>still random</em>; the farther the bar is from the tick (usually to the
      left: a heavier tail), the more the layer has <em>learned</em>. Ticks differ between layers because a small matrix’s α also
      reflects its shape (a 20×128 random matrix fits α ≈ 4.5, a 64×64 one ≈ 2.2), so compare each bar with its own tick, not
      with the others. Hover a row for the numbers.
    </p>
    <p>
      The switch above the chart fits α with <strong>Hill</strong> (the layer’s own spectrum, as the papers do) or{' '}
      <strong>FARMS</strong> (the spectrum of square windows of the matrix, pooled: every shape then has about the same random
      α, ≈ 2.1–2.3, so the bars become comparable across layers). It changes this chart only; the run keeps scheduling with its
      own estimator setting, which is the switch’s default.
    </p>
    </>
  ),
  alphaTime: (
    <p>
      α of each matrix of the chosen run at every ESD re-estimate (every <em>interval</em> steps, or every epoch). Falling
      α means the layer is learning structure; a layer that stays high lags behind.
    </p>
  ),
  spread: (
    <p>
      Standard deviation of α across the matrices TempBalance schedules, for both runs. The paper's diagnosis: low-data
      training leaves the layers' α spread out (imbalanced); TempBalance narrows the spread as it trains. With
      <em> α relative to = random</em> the chart shows the spread of α minus each shape's random-matrix α — the imbalance
      that training made, without the part that is only the layers' different shapes.
    </p>
  ),
  lr: (
    <p>
      The learning rate of each scheduling unit (a matrix, or a whole transformer block with <em>unit = block</em>): the
      global rate η_t of the schedule times the unit's ratio, which is recomputed at each ESD re-estimate and held in
      between. Embeddings and the head (when skipped) and the baseline stay at η_t.
    </p>
  ),
  mapping: (
    <p>
      How the chosen assign function turns α into a learning-rate ratio ηₗ/η_t given the current units (dots). Every rule
      gives <strong>larger α → larger rate</strong>: a large α means a less trained, closer-to-random layer, so TempBalance
      lets it learn faster and slows down layers that are already heavy-tailed. <code>linear_map</code> maps [min α, max α]
      onto [min ratio, min ratio + slope] (default [0.5, 1.5]); <code>sigmoid</code> (the EMNLP rule) uses 10^(s·(σ(τ(α − mean α)) − ½)) with s = s_max
      above the mean and s_min below.
    </p>
  ),
  loss: <p>Training loss of each step (cross-entropy for sentiment, one-step MSE for PDEs). Long runs are downsampled for drawing (largest-triangle buckets keep spikes).</p>,
  metric: (
    <p>
      Validation metric at every evaluation: accuracy for sentiment (higher is better), nRMSE of the autoregressive rollout
      for PDEs (lower is better). The paper's claim: TempBalance helps most when data is scarce.
    </p>
  ),
  prediction: (
    <p>
      One test trajectory: the model is trained one step ahead with true input frames (teacher forcing), but evaluated by
      rolling out from the first frames and feeding back its own predictions. Shown is the last predicted frame of each run
      against the solver's ground truth.
    </p>
  ),
  fields: (
    <p>
      2-D tasks: the input (Darcy: the coefficient a; CFD: the chosen channel at frame 0), the solver's ground truth, each
      run's prediction (CFD: the last frame of the rollout) and its error, prediction − truth (blue: too low, red: too high). Truth and predictions share
      one viridis scale; errors use a blue–white–red scale centred on zero. Point at a field to read every panel's value at
      that cell; y grows upwards.
    </p>
  ),
  channels: (
    <p>
      Multi-channel tasks (compressible flow): the validation nRMSE of each channel separately, over the whole rollout.
      Dashed: baseline; solid: TempBalance; one colour per channel. The headline metric is their mean.
    </p>
  ),
};
