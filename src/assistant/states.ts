/**
 * Where the relevance probability of the best passage (src/assistant/relevance.ts) puts a reply: at least
 * `answer`, Kiki quotes it; at least `closest`, it says it is not sure and links the nearest sections, with a
 * person offered first, and the best excerpt framed as possibly not answering; below, "not found".
 * Chosen with `npx tsx scripts/tune-answers.ts --new-only` on the development questions only, out of fold (figures
 * in docs/benchmarks.md, "Answers"): 0.50 is the lowest threshold at which a confident answer from a wrong
 * document stays under 0.10 of answerable dev questions; since "the closest I found" now shows the excerpt too,
 * a higher bar costs the person no words, only the confident frame.
 */
export interface AnswerStates {
  answer: number;
  closest: number;
}

export const ANSWER_STATES: AnswerStates = { answer: 0.5, closest: 0.2 };
