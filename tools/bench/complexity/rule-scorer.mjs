// The baseline: a rule scorer in the manner of LiteLLM's complexity_router
// (litellm/router_strategy/complexity_router): weighted lexical dimensions, no training, no calls.
// Dimensions, weights and breakpoints as published there; its keyword lists are generic (code,
// reasoning, technical words), so the bioinformatics lexicon is not given to it.

const CODE =
  /```|\bdef |\bfunction\b|\bclass |\bimport |\breturn\b|=>|\{|\}|;\s*$|\bscript\b|\bcode\b|\bpython\b|\bbash\b|\bsql\b|\bjavascript\b|\bregex\b/gim;
const REASONING =
  /\b(?:step by step|think|reason|analy[sz]e|explain why|prove|derive|compare|evaluate|trade-?offs?|pros and cons|why)\b/gi;
const TECHNICAL =
  /\b(?:algorithm|architecture|distributed|optimi[sz]\w*|performance|scalab\w*|concurren\w*|database|api|kubernetes|cluster|pipeline|model|statistic\w*|regression|inference|latency|throughput|memory|complexity)\b/gi;
const SIMPLE = /\b(?:what is|what's|define|who is|when was|hello|hi|thanks|translate|list|name the)\b/gi;
const MULTI_STEP = /\bfirst\b.*\bthen\b|\bstep \d+|^\s*\d+\.\s/gim;

const count = (pattern, text) => (text.match(pattern) ?? []).length;

/** Weighted sum in about [-0.15, 0.93], as LiteLLM computes it (higher is harder). */
export function ruleScore(text) {
  const tokens = text.length / 4;
  const tokenCount = tokens < 15 ? -1 : tokens > 400 ? 1 : 0;
  const codeHits = count(CODE, text);
  const codePresence = codeHits >= 2 ? 1 : codeHits === 1 ? 0.5 : 0;
  const reasoningHits = count(REASONING, text);
  const reasoning = reasoningHits >= 2 ? 1 : reasoningHits === 1 ? 0.7 : 0;
  const technicalHits = count(TECHNICAL, text);
  const technical = technicalHits >= 4 ? 1 : technicalHits >= 2 ? 0.5 : 0;
  const simple = count(SIMPLE, text) > 0 ? -1 : 0;
  const multiStep = count(MULTI_STEP, text) > 0 ? 0.5 : 0;
  const questions = count(/\?/g, text) > 3 ? 0.5 : 0;
  return (
    0.1 * tokenCount +
    0.3 * codePresence +
    0.25 * reasoning +
    0.25 * technical +
    0.05 * simple +
    0.03 * multiStep +
    0.02 * questions
  );
}

/** LiteLLM's tier boundary above which a request leaves the cheap tier (SIMPLE/MEDIUM at 0.15). */
export const RULE_THRESHOLD = 0.15;
