// stopword ships no type declarations; only the lists Kiki reads are declared.
declare module 'stopword' {
  export const eng: string[];
  export const fra: string[];
  export const spa: string[];
  export const deu: string[];
  export const swe: string[];
  export const ita: string[];
  export const nld: string[];
  export const por: string[];
}

// @nlpjs/lang-fr ships no type declarations; Kiki uses its normaliser and stemmer only.
declare module '@nlpjs/lang-fr' {
  export class NormalizerFr {
    normalize(text: string): string;
  }
  export class StemmerFr {
    stemWord(word: string): string;
  }
}
