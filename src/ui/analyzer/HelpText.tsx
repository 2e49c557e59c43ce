/**
 * Short help next to the chart: what an ESD is, how to read α, how the xmin methods differ, and
 * where the lab deliberately departs from the authors' code (docs/METHOD.md §2).
 */
export function HelpText() {
  return (
    <details className="help" data-testid="help">
      <summary>What am I looking at?</summary>
      <p>
        The <strong>empirical spectral density (ESD)</strong> of a layer is the histogram of the eigenvalues of WᵀW (the
        squared singular values of its weight matrix W). Conv kernels are split into one matrix per kernel position,
        scaled by √0.5, and pooled into one ESD.
      </p>
      <p>
        Heavy-Tailed Self-Regularization reads the tail of the ESD: a power law p(λ) ∝ λ<sup>−α</sup> fitted above{' '}
        <em>xmin</em> (Hill estimator, <code>PL_Alpha_Hill</code>). <span className="alpha--heavy">α &lt; 2</span>: very
        heavy-tailed, possibly over-trained; <span className="alpha--good">2 ≤ α ≤ 6</span>: well trained;{' '}
        <span className="alpha--random">α &gt; 6</span>: close to a random (Marchenko–Pastur) spectrum, under-trained. D
        is the Kolmogorov–Smirnov distance between the tail and the fitted law (smaller fits better).
      </p>
      <p>
        <strong>xmin methods.</strong> <em>median</em> (the papers’ default) puts xmin at the eigenvalue of index ⌊N /
        xmin_pos⌋. <em>goodness-of-fit</em> tries every xmin and keeps the one with the smallest D (counting only α &gt; 1),
        as WeightWatcher does. <em>fix-finger</em> does the same but only for xmin near the peak p of the ESD (0.95·p to
        1.5·p).
      </p>
      <p>
        <strong>Where the lab differs:</strong> the authors’ fix-finger code compares a log10 value with a linear one at
        the lower bound; the lab uses the linear bound 0.95·p throughout. All spectra are computed in float64.
      </p>
    </details>
  );
}
