/**
 * Classification metrics from integer predictions and labels: accuracy, per-class precision /
 * recall / F1, macro averages and the confusion matrix.
 *
 * Definitions are scikit-learn's (`precision_recall_fscore_support`, `f1_score(average='macro')`
 * with `zero_division=0` and labels inferred from y_true ∪ y_pred):
 *   precision_c = TP_c / predicted_c,  recall_c = TP_c / support_c,  F1_c = 2·P·R / (P + R).
 * Edge cases, each chosen so one number never hides another:
 * - a class with support but no predictions has precision 0 (as sklearn with zero_division=0), and a
 *   class predicted but never true has recall 0; F1 is 0 when P + R = 0;
 * - a class with neither support nor predictions (absent from both arrays) has NaN precision,
 *   recall and F1 and is EXCLUDED from the macro means. Why: it carries no evidence either way.
 *   Scoring it 0 would punish a perfect classifier on a small subsample that happens to lack the
 *   class; scoring it 1 would reward nothing. This is also what sklearn does when labels are
 *   inferred, so numbers match a notebook;
 * - empty input: accuracy and the macro means are NaN (nothing was measured).
 */

/** Metrics of one class c. */
export interface ClassMetrics {
  precision: number;
  recall: number;
  f1: number;
  /** Number of items with label c. */
  support: number;
  /** Number of items predicted c. */
  predicted: number;
}

export interface ClassificationReport {
  n: number;
  accuracy: number;
  /** Indexed by class id 0..K−1. */
  perClass: ClassMetrics[];
  /** Means over present classes (support + predicted > 0). */
  macroPrecision: number;
  macroRecall: number;
  macroF1: number;
  /** confusion[trueClass][predictedClass] counts. */
  confusion: number[][];
}

/**
 * Compute the report. Classes are 0..K−1 with K = numClasses, or 1 + the largest value seen.
 * Throws if the arrays differ in length or hold values that are not integers in [0, K).
 */
export function classificationReport(
  pred: ArrayLike<number>,
  label: ArrayLike<number>,
  numClasses?: number,
): ClassificationReport {
  const n = label.length;
  if (pred.length !== n) throw new Error(`pred (${pred.length}) and label (${n}) differ in length`);
  let k = numClasses ?? 0;
  if (numClasses === undefined) {
    for (let i = 0; i < n; i++) k = Math.max(k, label[i] + 1, pred[i] + 1);
  }
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  let correct = 0;
  for (let i = 0; i < n; i++) {
    const y = label[i];
    const p = pred[i];
    if (!isClass(y, k) || !isClass(p, k)) throw new Error(`item ${i}: label ${y} / pred ${p} not a class id in [0, ${k})`);
    confusion[y][p]++;
    if (y === p) correct++;
  }

  const perClass: ClassMetrics[] = [];
  for (let c = 0; c < k; c++) {
    const tp = confusion[c][c];
    let support = 0;
    let predicted = 0;
    for (let j = 0; j < k; j++) {
      support += confusion[c][j];
      predicted += confusion[j][c];
    }
    if (support === 0 && predicted === 0) {
      perClass.push({ precision: NaN, recall: NaN, f1: NaN, support, predicted });
      continue;
    }
    const precision = predicted > 0 ? tp / predicted : 0;
    const recall = support > 0 ? tp / support : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    perClass.push({ precision, recall, f1, support, predicted });
  }

  const present = perClass.filter((m) => !Number.isNaN(m.f1));
  const mean = (f: (m: ClassMetrics) => number): number =>
    present.length === 0 ? NaN : present.reduce((s, m) => s + f(m), 0) / present.length;
  return {
    n,
    accuracy: n === 0 ? NaN : correct / n,
    perClass,
    macroPrecision: mean((m) => m.precision),
    macroRecall: mean((m) => m.recall),
    macroF1: mean((m) => m.f1),
    confusion,
  };
}

/** Fraction of positions where pred equals label (NaN for empty input). */
export function accuracy(pred: ArrayLike<number>, label: ArrayLike<number>): number {
  if (pred.length !== label.length) throw new Error('pred and label differ in length');
  let correct = 0;
  for (let i = 0; i < label.length; i++) if (pred[i] === label[i]) correct++;
  return label.length === 0 ? NaN : correct / label.length;
}

/** Macro-F1 over present classes (see module comment). */
export function macroF1(pred: ArrayLike<number>, label: ArrayLike<number>, numClasses?: number): number {
  return classificationReport(pred, label, numClasses).macroF1;
}

/** Row-wise argmax of logits stored row-major as [n, numClasses] (ties → lowest class). */
export function argmaxRows(logits: ArrayLike<number>, numClasses: number): Int32Array {
  const n = Math.floor(logits.length / numClasses);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < numClasses; c++) if (logits[i * numClasses + c] > logits[i * numClasses + best]) best = c;
    out[i] = best;
  }
  return out;
}

function isClass(v: number, k: number): boolean {
  return Number.isInteger(v) && v >= 0 && v < k;
}
