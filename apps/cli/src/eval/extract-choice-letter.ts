const OPENERS = `[([*_"'\`]*`;
const ANSWER_PHRASE = String.raw`\b(?:(?:the\s+)?(?:correct\s+|right\s+|final\s+)?(?:answer|option|choice)(?:\s+is|\s*[:=-])?)\s*(?:option\s+|choice\s+)?`;
const COMMIT_PHRASE = String.raw`\b(?:it(?:'|’)?s|it\s+is|i\s+(?:would\s+)?(?:choose|pick|select|go\s+with)|go\s+with)\s+`;

/** Patterns in which a letter is a committed choice; `lower` marks those where "b" counts as "B". */
const PATTERNS: ReadonlyArray<{ pattern: RegExp; lower: boolean }> = [
  // "The answer is (B).", "Answer: B because …", "option B"
  { pattern: new RegExp(`${ANSWER_PHRASE}${OPENERS}(?<letter>[A-Z])(?![A-Za-z'’])`, 'gi'), lower: false },
  // "Answer: b" — a lowercase letter only where it cannot start a word ("the answer is a mutation").
  { pattern: new RegExp(`${ANSWER_PHRASE}${OPENERS}(?<letter>[a-z])(?=[)\\].:*_"'\`,;!?]|\\s*$)`, 'gim'), lower: true },
  // "I think it's B.", "I'd go with C"
  { pattern: new RegExp(`${COMMIT_PHRASE}${OPENERS}(?<letter>[A-Z])(?![A-Za-z'’])`, 'gi'), lower: false },
  // A letter alone at the start of a line: "B", "B)", "B.", "(B)", "**B**", "B: TP53".
  { pattern: /(?<=^|\n)[ \t]*[([*_"'`]*(?<letter>[A-Z])(?:[)\].:*_"'`]+|[ \t]*(?:\n|$))/g, lower: false },
  // A bracketed or bolded letter anywhere: "(B)", "[B]", "**B**".
  { pattern: /(?:\(|\[|\*\*)(?<letter>[A-Z])(?:\)|\]|\*\*)/g, lower: false },
];

/**
 * The letter a multiple-choice answer commits to, or null when it commits to none. Models answer
 * "B", "B)", "(B)", "**B**", "The answer is (B).", "Answer: b", or reason first ("I think it's B.
 * ... C is wrong"): the earliest committed letter wins. A letter is only taken where it cannot be the
 * article "A" or a word of the sentence: alone on a line, bracketed, bolded, or after an answer phrase.
 * @param letterCount how many choices the question has (letters past it are not answers)
 */
export function extractChoiceLetter(answer: string, letterCount = 26): string | null {
  let best: { at: number; letter: string } | undefined;
  for (const { pattern, lower } of PATTERNS) {
    for (const match of answer.matchAll(pattern)) {
      const raw = match.groups?.['letter'];
      if (raw === undefined || (!lower && raw !== raw.toUpperCase())) continue;
      const letter = raw.toUpperCase();
      if (letter.charCodeAt(0) - 65 >= letterCount) continue;
      if (best === undefined || match.index < best.at) best = { at: match.index, letter };
      break;
    }
  }
  return best?.letter ?? null;
}
