/** The kinds of value a template field can hold. `text` also covers the corpus metadata's `string`. */
export const FIELD_TYPES = ['text', 'long_text', 'date', 'number', 'money', 'email', 'enum', 'party', 'jurisdiction', 'boolean'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export interface FieldSpec {
  name: string;
  label: string;
  type: FieldType;
  required: boolean;
  default?: string;
  help?: string;
  /** enum choices */
  options?: string[];
  pattern?: string;
  /** Human wording of what the pattern means, shown when it fails. */
  patternHint?: string;
  min?: number;
  max?: number;
  maxLength: number;
  /** money: ISO currency code used when a value has none (default EUR). */
  currency?: string;
}

/** When a conditional clause (or a selections.json option) applies: a field is truthy, or equals / is one of values. */
export interface Condition {
  field: string;
  equals?: string | boolean;
  in?: string[];
}

export interface ClauseUse {
  id: string;
  /** Shown as a checkbox; included when ticked. */
  optional: boolean;
  /** Initial state of the checkbox. */
  default: boolean;
  /** Included when the condition holds (no checkbox). */
  when?: Condition;
}

export interface LibraryClause {
  id: string;
  title: string;
  version: string;
  body: string;
  /** Placeholders the clause uses. */
  placeholders: string[];
}

interface TemplateBase {
  id: string;
  title: string;
  version: string;
  owner: string;
  description?: string;
  aliases: string[];
  fields: FieldSpec[];
  /** Where the template came from, for messages. */
  source: string;
  /** Problems that keep the template from drafting (a placeholder with no field, unreadable file...). */
  errors: string[];
  /** Problems worth telling the drafter but not blocking (a field no placeholder uses...). */
  warnings: string[];
}

export interface MarkdownTemplate extends TemplateBase {
  format: 'markdown';
  body: string;
  clauses: ClauseUse[];
}

export interface SelectionOption {
  label?: string;
  marker: string;
  trigger: 'default' | Condition;
}

export interface SelectionGroup {
  id: string;
  type: 'radio' | 'checkbox';
  options: SelectionOption[];
}

export interface DocxTemplate extends TemplateBase {
  format: 'docx';
  docxPath: string;
  /** selections.json groups (keep one marked passage, drop the others). */
  selections: SelectionGroup[];
  /** replacements.json: literal text in the document that becomes a placeholder before filling. */
  replacements: Record<string, string>;
  clauses: ClauseUse[];
}

export type Template = MarkdownTemplate | DocxTemplate;

export type Values = Record<string, string>;

export interface FieldProblem {
  field: string;
  message: string;
}

export interface DraftRequest {
  templateId: string;
  values: Record<string, unknown>;
  /** Ids of optional clauses ticked; undefined means each clause's default. */
  clauses?: string[];
  instructions?: string;
}

export interface Suggestion {
  kind: 'suggestion' | 'note';
  text: string;
}

export interface Draft {
  template: Template;
  values: Values;
  clauses: string[];
  /** The clauses as people read them (their titles in the clause library), in the order of `clauses`. */
  clauseTitles?: string[];
  docx: Buffer;
  markdown: string;
  valuesHash: string;
  warnings: string[];
  suggestion?: Suggestion;
  filename: string;
}
