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
  signals: { cosine?: number; bm25?: number; coverage?: number; expandedCoverage?: number };
}

export interface SearchOptions {
  /** Number of passages wanted (default 5). */
  k?: number;
}

export interface Retriever {
  search(query: string, asker: Asker, options?: SearchOptions): Promise<Passage[]>;
}
