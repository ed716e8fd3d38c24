/** Precision, recall and the strong-call share of a threshold, over scored and labelled prompts. */
export interface ThresholdEvaluation {
  threshold: number;
  /** Hard prompts sent to the strong target, of all sent there. */
  precision: number;
  /** Hard prompts sent to the strong target, of all hard prompts. */
  recall: number;
  /** Prompts sent to the strong target, of all prompts. */
  strongShare: number;
}

export interface ScoredLabel {
  score: number;
  hard: boolean;
}

export function evaluateThreshold(scored: readonly ScoredLabel[], threshold: number): ThresholdEvaluation {
  let truePositives = 0;
  let predicted = 0;
  let hard = 0;
  for (const item of scored) {
    if (item.hard) hard += 1;
    if (item.score >= threshold) {
      predicted += 1;
      if (item.hard) truePositives += 1;
    }
  }
  return {
    threshold,
    precision: predicted === 0 ? 0 : truePositives / predicted,
    recall: hard === 0 ? 0 : truePositives / hard,
    strongShare: scored.length === 0 ? 0 : predicted / scored.length,
  };
}

/**
 * Area under the ROC curve: the chance that a random hard prompt scores above a random easy one,
 * ties counting half (the Mann–Whitney statistic, exact).
 */
export function computeRocAuc(scored: readonly ScoredLabel[]): number {
  const sorted = [...scored].sort((left, right) => left.score - right.score);
  let rankSumHard = 0;
  let hard = 0;
  for (let start = 0; start < sorted.length;) {
    let end = start;
    while (end + 1 < sorted.length && (sorted[end + 1] as ScoredLabel).score === (sorted[start] as ScoredLabel).score)
      end += 1;
    const averageRank = (start + end) / 2 + 1;
    for (let index = start; index <= end; index += 1) {
      if ((sorted[index] as ScoredLabel).hard) {
        rankSumHard += averageRank;
        hard += 1;
      }
    }
    start = end + 1;
  }
  const easy = sorted.length - hard;
  if (hard === 0 || easy === 0) return Number.NaN;
  return (rankSumHard - (hard * (hard + 1)) / 2) / (hard * easy);
}

/** The highest threshold whose recall on `scored` is at least `minimumRecall` (the cheapest that keeps it). */
export function thresholdForRecall(scored: readonly ScoredLabel[], minimumRecall: number): number {
  const hardScores = scored
    .filter((item) => item.hard)
    .map((item) => item.score)
    .sort((left, right) => right - left);
  if (hardScores.length === 0) return 1;
  const needed = Math.ceil(minimumRecall * hardScores.length);
  return hardScores[Math.max(0, needed - 1)] as number;
}
