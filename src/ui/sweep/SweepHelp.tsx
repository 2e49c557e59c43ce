/**
 * What a sweep shows and what to expect from it: the paper's finding (the gain grows as data shrinks,
 * docs/METHOD.md §4) and why our numbers, from tiny models trained for a few hundred steps, are a
 * small-scale reproduction of its shape rather than of its values.
 */
export function SweepHelp() {
  return (
    <details className="help" data-testid="sweep-help">
      <summary>What does a sweep show?</summary>
      <p>
        A sweep trains the same preset at several <strong>data ratios</strong> (the fraction of the training set used)
        and several <strong>seeds</strong>, once with every layer at the global learning rate (<em>baseline</em>) and once
        with <strong>TempBalance</strong>. Both runs of a seed share the data subset, initial weights and batch order, so
        the difference between them is the effect of the layer-wise learning rates alone.
      </p>
      <p>
        <strong>What the paper found</strong> (Liu et al., EMNLP 2024, Figures 3 and 4): TempBalance helps most when data
        is scarce, and the gain shrinks as data grows. Fine-tuning RoBERTa-base on SST-2 with 0.02 % of the data, accuracy
        rose from 58.5 to 68.4 (about 10 points); at 5 % the gain was under one point. On PDEBench, FNO and UNet reached a
        lower nRMSE with TempBalance, again most at the smallest ratio. The diagnosis: with little data the layers’ α
        spread out (some blocks under-trained), and TempBalance evens them out.
      </p>
      <p>
        <strong>Our numbers are a small-scale reproduction.</strong> The models here are tiny, trained from scratch or
        fine-tuned from our own small checkpoints, for a few hundred steps in your browser, on a 2,000-sentence dataset or PDEs generated in the page. Expect the same
        <em> shape</em> at best — a gain that tends to be larger at small ratios — with large seed-to-seed spread; a few
        seeds cannot settle differences smaller than the error bars. Error bars are the sample standard deviation over
        seeds (none with a single seed); the improvement is paired: per seed, TempBalance minus baseline (for nRMSE,
        baseline minus TempBalance), so above zero always means TempBalance did better. What we measured
        (docs/RESULTS.md): with the paper's settings, no gain beyond seed noise at this scale — in these small models α
        mostly reflects each layer's shape; with α measured against random matrices of the same shape (the
        "shape-corrected α" card), a small gain at the smallest ratio only.
      </p>
      <p>
        <strong>The third chart is that diagnosis:</strong> the spread (standard deviation) of α across the layers TempBalance
        schedules, at each run’s first re-estimate (dashed) and its last (solid), averaged over seeds. By default each α is
        first measured against a random matrix of the same shape (α − α<sub>random</sub>), so that layers of different shapes
        are not counted as uneven; “as fitted” shows the spread of α itself. If the paper’s picture holds here, the solid
        baseline line rises towards small ratios and TempBalance’s stays below it. Result files written before spreads were
        recorded show no such chart.
      </p>
      <p>
        Finished runs are stored in this browser (IndexedDB): reload the page and the sweep is still here; <em>Resume</em>{' '}
        runs only what is left. The same grid can be run headless with{' '}
        <code>npm run sweep -- --preset ID --ratios 0.05,0.2 --seeds 1,2</code>.
      </p>
      <p>
        Every grid is also a link: the address bar follows the form, and <em>Copy link to this sweep</em> copies it. A link
        fills the form and never starts anything by itself; press <em>Start</em> to run it. The{' '}
        <strong>published sweeps</strong> are the grids behind the tables of <code>docs/RESULTS.md</code>, measured there
        with the same engine in Node (wasm backend) on two CPU cores; in a browser the time depends on its backend.
      </p>
    </details>
  );
}
