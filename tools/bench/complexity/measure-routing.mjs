// Routing figures of a scorer on labelled prompts, in RouteLLM's terms (lm-sys/RouteLLM evals):
// without model answers, an answer counts as acceptable unless a hard prompt stayed on the weak
// model, so PGR at a threshold equals the recall of hard prompts, and APGR is the area under
// recall as the strong-call share goes from 0 to 1.
import { computeRocAuc, evaluateThreshold } from '@biopipe/router';

/** Area under recall-vs-strong-share over every threshold (trapezoids), and the share that first reaches `recall`. */
export function callPerformance(scored, recall) {
  const sorted = [...scored].sort((left, right) => right.score - left.score);
  const hard = sorted.filter((item) => item.hard).length;
  let area = 0;
  let previousShare = 0;
  let previousRecall = 0;
  let found = 0;
  let shareAtRecall = null;
  for (let index = 0; index < sorted.length;) {
    let end = index;
    while (end + 1 < sorted.length && sorted[end + 1].score === sorted[index].score) end += 1;
    for (let at = index; at <= end; at += 1) if (sorted[at].hard) found += 1;
    const share = (end + 1) / sorted.length;
    const currentRecall = hard === 0 ? 1 : found / hard;
    area += ((share - previousShare) * (currentRecall + previousRecall)) / 2;
    if (shareAtRecall === null && currentRecall >= recall) shareAtRecall = share;
    previousShare = share;
    previousRecall = currentRecall;
    index = end + 1;
  }
  return { apgr: area, shareAtRecall };
}

/** Every figure of the "Measure" section for one scorer at one threshold. */
export function measureRouting(scored, threshold) {
  const atThreshold = evaluateThreshold(scored, threshold);
  const { apgr, shareAtRecall } = callPerformance(scored, 0.9);
  return {
    prompts: scored.length,
    hard: scored.filter((item) => item.hard).length,
    threshold,
    strong_share: atThreshold.strongShare,
    strong_calls_saved: 1 - atThreshold.strongShare,
    recall: atThreshold.recall,
    precision: atThreshold.precision,
    roc_auc: computeRocAuc(scored),
    apgr,
    strong_share_for_90_recall: shareAtRecall,
  };
}
