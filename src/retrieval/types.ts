/**
 * The contract between retrieval and its users (answers, the CLI, the sandbox). Retrieval owns everything
 * behind it: loaders, chunking, access rules, embedders, indexes.
 */

/** Who is asking. Without a department and not an admin, only documents visible to everyone are searched. */
export interface Asker {
  userId?: string;
  department?: string;
  isAdmin: boolean;
  /** A guest from another organisation (Slack Connect): sees documents marked `public` only. */
  external?: boolean;
}

export const EVERYONE: Asker = { isAdmin: false };

export interface Passage {
  /** Stable id of the chunk. */
  id: string;
  /** Path of the document relative to KNOWLEDGE_DIR, with forward slashes. */
  source: string;
  /** Document title (front-matter `title`, first heading, or file name). */
  title: string;
  /** Heading path joined with " › ", e.g. "Travel policy › Per diem"; empty at the top of a document. */
  heading: string;
  headingPath: string[];
  /** The document's canonical link (front-matter `url`), when it has one. */
  url?: string;
  /** The team that owns the document (front-matter `owner`), for hand-offs. */
  owner?: string;
  /** Front-matter `updated`, when given. */
  updated?: string;
  /** Page number, for PDFs. */
  page?: number;
  /** First and last line in the source file, for text formats. */
  lines?: [number, number];
  text: string;
  /** The whole section the passage is part of (its neighbours under the same headings), for quoting. */
  section?: string;
  /** Departments allowed to see the document (absent: everyone). Only ever set on passages the asker may see. */
  access?: string[];
  /** Fused ranking score: higher is better; comparable within one result list only. */
  score: number;
  /**
   * Raw evidence strengths, comparable across queries, for deciding "not found":
   * `cosine` in [-1, 1] from the vector index, `bm25` the lexical score, `coverage` the share of the
   * query's content words that occur in the passage (0..1), `expandedCoverage` the share of the query's
   * distinct content words that occur in the passage either as themselves or through one of the WordNet
   * synonyms retrieval found for them (0..1, ≥ coverage; equal to coverage without WordNet or expansion).
   */
  signals: {
    cosine?: number;
    bm25?: number;
    coverage?: number;
    expandedCoverage?: number;
    /** Coverage weighted by each term's IDF; a term the corpus never uses weighs as much as its rarest one. */
    idfCoverage?: number;
    /** The same, a term met through a WordNet synonym counting 0.7. */
    expandedIdfCoverage?: number;
    /** Share of the query's terms in the document title and the passage's headings. */
    titleCoverage?: number;
    /** idfCoverage over the whole document the passage belongs to. */
    documentCoverage?: number;
    /** Share of the query's terms the corpus never uses. */
    unknownShare?: number;
    /** BM25 divided by the query's IDF mass: comparable across corpora of different sizes. */
    bm25Share?: number;
    /** Share of the added handbook words (SearchOptions.expansion) the passage holds; 0 without them. */
    expansionCoverage?: number;
    /** IDF of the rarest query term the passage lacks, relative to the highest possible (0: none missing). */
    missingRarest?: number;
  };
}

export interface SearchOptions {
  /** Number of passages wanted (default 5). */
  k?: number;
  /** Further words for the same question (the handbook's words for the asker's), weighted below the asker's own. */
  expansion?: string;
}

/** One section of a document: its heading path and its whole text (the chunker's overlap removed). */
export interface DocumentSection {
  headingPath: string[];
  text: string;
}

export interface Retriever {
  search(query: string, asker: Asker, options?: SearchOptions): Promise<Passage[]>;
  /**
   * Every section of one document, in reading order, if the asker may see it (empty otherwise): an answer is
   * composed from the section that holds the fact, which is not always the passage search ranked first.
   */
  sections?(source: string, asker: Asker): Promise<DocumentSection[]>;
}
