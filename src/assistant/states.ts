/**
 * Where the relevance probability of the best passage (src/assistant/relevance.ts) puts a reply: at least
 * `answer`, Kiki quotes it; at least `closest`, it says it is not sure and links the nearest sections, with a
 * person offered first; below, "not found". A second source is quoted only when it is itself at least `second`.
 * Chosen with `npx tsx scripts/tune-answers.ts --new-only` on the development questions only (figures in
 * docs/benchmarks.md, "Answers"): a wrong answer costs more than an honest "I'm not sure".
 */
export interface AnswerStates {
  answer: number;
  closest: number;
  second: number;
}

export const ANSWER_STATES: AnswerStates = { answer: 0.45, closest: 0.25, second: 0.8 };
