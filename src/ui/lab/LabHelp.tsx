/**
 * What the Lab does and where it departs from the authors' code, in a few sentences. The list of
 * differences follows the header comments of train/tempbalance.ts, train/groups.ts and
 * train/tasks/pdeTask.ts.
 */
export function LabHelp() {
  return (
    <details className="help lab-help" data-testid="lab-help">
      <summary>What is this lab?</summary>
      <p>
        Two copies of the same model — same seed, same data, same initial weights — train side by side. The{' '}
        <strong>baseline</strong> gives every layer the global learning rate η_t of its schedule. <strong>TempBalance</strong>{' '}
        re-estimates each layer's heavy-tail exponent α from its eigenvalue spectrum every few steps and gives layers with a
        large α (less trained, closer to random) a larger rate and layers with a small α a smaller one, so the layers train
        at a more even pace (Liu et al.,{' '}
        <a href="https://arxiv.org/abs/2410.12178" target="_blank" rel="noreferrer">
          Model Balancing Helps Low-data Training and Fine-tuning
        </a>
        , EMNLP 2024; Zhou et al., TempBalance, NeurIPS 2023). The data credits are under About.
      </p>
      <p>
        <strong>Where the lab differs from the authors' code:</strong>
      </p>
      <ul>
        <li>
          Models are small and trained in the browser, from scratch or fine-tuned from our own small checkpoints — not
          RoBERTa fine-tuning on GLUE.
        </li>
        <li>
          <code>α relative to = random</code> is our extension, off by default: the scheduler uses α minus the α that random
          matrices of the same shape fit, because in small models α is set mostly by a layer's shape. The charts always show
          α as fitted.
        </li>
        <li>
          PDE models are trained one step ahead with true input frames (teacher forcing) and evaluated by autoregressive
          rollout; PDEBench unrolls through time during training.
        </li>
        <li>Layers whose α is NaN/Inf or that have too few eigenvalues keep η_t and do not enter the statistics.</li>
        <li>
          With <code>unit = layer</code> a LayerNorm follows the matrix after it (the authors keep it at η_t); biases and norms
          never take weight decay (the authors' FNO/UNet code decays them). The PDE presets halve η every 100 steps, PDEBench
          every 100 epochs. The full list: docs/METHOD.md in the repository.
        </li>
        <li>
          <code>rank</code> gives tied α the mean of their ranks; <code>log2</code>/<code>sqrt</code> clamp negative terms at 0;
          <code>linear_map</code> with all α equal gives every layer η_t.
        </li>
        <li>
          <code>lr_normalize</code> averages over the scheduled units only; <code>unit = layer</code> uses one global map (the
          authors' nested per-block map is not implemented).
        </li>
        <li>
          Skipping the embedding / head drops every block-less matrix before the first / after the last block; with{' '}
          <code>after_warm</code> the lab re-estimates exactly when warm-up ends.
        </li>
      </ul>
    </details>
  );
}
