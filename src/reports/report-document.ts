// The report document model: the one structure the HTML page, the PDF, the DOCX, the public site
// and the open data are all made from. Composed by compose.ts; renderers never add facts to it.

/** What inspectors write: paragraphs and lists only. */
export type Block = { type: 'paragraph'; text: string } | { type: 'list'; items: string[] };

/** The inspectors' narrative of one draft: section code → its blocks, in order. */
export type NarrativeSections = Record<string, Block[]>;

/**
 * A block as it stands in the composed document. `key` ("<section code>.<n>", n from 1) names the
 * block within its section, so a QA or factual accuracy comment can point at a paragraph.
 * `source` says where it came from: the inspectors' narrative, or composed from data (outcome
 * sentence, follow-up, counts, findings), which comments may still point at.
 */
export type DocumentBlock = Block & { key: string; source: 'narrative' | 'composed' };

export type DocumentTable = {
  caption: string;
  head: string[];
  rows: string[][];
};

export type DocumentSubsection = {
  heading: string;
  /** The finding kind listed under it, when it lists findings. */
  findingKind?: string;
  blocks: DocumentBlock[];
};

export type DocumentSection = {
  /** The framework's report section code. */
  code: string;
  heading: string;
  blocks: DocumentBlock[];
  subsections: DocumentSubsection[];
  tables: DocumentTable[];
};

/** A finding as published: structured, for the open data and the family summary. */
export type DocumentFinding = {
  kind: string;
  kindLabel: string;
  criteria: string[];
  text: string;
  responsibleBody: string | null;
  responsibleBodyLabel: string | null;
  /** Named partners when the responsible body is "named partners"; otherwise empty. */
  partners: string;
};

export type DocumentFollowUp = { code: string; label: string; text: string };

export type DocumentOutcome = {
  code: string;
  label: string;
  /** The framework's exact sentence, or null when the outcome has none. */
  sentence: string | null;
  followUps: DocumentFollowUp[];
};

export type DocumentTeamMember = { name: string; role: string };

/** Figures the product already knows; null when the inspection has no such record (a historical one, say). */
export type DocumentCounts = {
  surveyResponses: number | null;
  familiesSpokenTo: number | null;
  staffSpokenTo: number | null;
  settingsVisited: number | null;
  plansReviewed: number | null;
};

export type FamilySummary = { title: string; blocks: Block[] };

export type ReportDocument = {
  /** Bumped only when this shape changes (stored in published reports). */
  schemaVersion: 1;
  reference: string;
  title: string;
  /** To whom the letter or report is addressed (the framework's wording). */
  addressedTo: string;
  area: { laCode: string; name: string; region: string; icb: string };
  framework: { code: string; name: string };
  inspectionType: { code: string; name: string };
  /** 'YYYY-MM-DD' */
  dates: { onsiteStart: string; onsiteEnd: string; previousInspection: string | null };
  outcome: DocumentOutcome | null;
  sections: DocumentSection[];
  findings: DocumentFinding[];
  team: DocumentTeamMember[];
  counts: DocumentCounts;
  familySummary: FamilySummary;
  historical: boolean;
};
