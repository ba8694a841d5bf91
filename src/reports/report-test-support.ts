// Demo-like report inputs for tests and benchmarks: both frameworks, any outcome, written as plain data (no database).
import { inflateRawSync } from 'node:zlib';
import type { FrameworkCode, FrameworkDefinition } from '../frameworks/framework.ts';
import { loadFrameworkDefinitions } from '../frameworks/framework-files.ts';
import type { ComposeFinding, ComposeInputs } from './compose.ts';
import type { DocumentCounts, NarrativeSections } from './report-document.ts';

const definitions = new Map(loadFrameworkDefinitions().map((d) => [d.code, d]));

export function frameworkDefinition(code: FrameworkCode): FrameworkDefinition {
  const definition = definitions.get(code);
  if (!definition) throw new Error(`No framework ${code}`);
  return definition;
}

export const DEMO_COUNTS: DocumentCounts = { surveyResponses: 412, familiesSpokenTo: 58, staffSpokenTo: 73, settingsVisited: 9, plansReviewed: 24 };
export const NO_COUNTS: DocumentCounts = { surveyResponses: null, familiesSpokenTo: null, staffSpokenTo: null, settingsVisited: null, plansReviewed: null };

const TEAM = [
  { role: 'ofsted_lead' as const, display_name: 'Amina Rahman', organisation: 'ofsted' },
  { role: 'cqc_lead' as const, display_name: 'Owen Price', organisation: 'cqc' },
  { role: 'inspector' as const, display_name: 'Grace Okafor', organisation: 'ofsted' },
  { role: 'inspector' as const, display_name: 'Daniel Hughes', organisation: 'cqc' },
  { role: 'qa_reader' as const, display_name: 'Quentin Reed', organisation: 'ofsted' },
];

function finding(kind: string, criteria: string[], body: string, responsibleBody: string | null = null, partners = ''): ComposeFinding {
  return { kind, criteria, body, responsibleBody, partners };
}

export const FINDINGS_2023: ComposeFinding[] = [
  finding('experience', ['I3'], 'Many children and young people with SEND in Northbrook get the right help at the right time from early years settings and schools. Families value the support of the parent carer forum.'),
  finding('experience', ['I1'], 'Some families wait too long for an assessment of their child’s needs, and a few EHC plans are finalised months after the 20-week limit because health advice arrives late and is not chased.'),
  finding('effective', ['L1', 'L2'], 'Leaders across the partnership are ambitious for children and young people with SEND and listen to what families tell them.'),
  finding('effective', ['I5'], 'Young people take part in a wide range of clubs and activities in their communities, and short breaks are well planned.'),
  finding('to_do_better', ['I1'], 'Waiting times for neurodevelopmental assessments are too long, and families are not kept informed while they wait.'),
  finding('to_do_better', ['L5'], 'Leaders do not yet check the quality of EHC plans closely enough, so weaknesses in plans are not put right.'),
  finding('area_for_priority_action', ['I1', 'L4'], 'Leaders across the partnership should urgently reduce waiting times for neurodevelopmental assessments and make sure that families receive support while they wait.', 'local_authority_and_icb'),
  finding('area_for_priority_action', ['I3'], 'The council should make sure that EHC plans are issued within 20 weeks.', 'local_authority'),
  finding('area_for_improvement', ['L5'], 'Leaders should improve the quality assurance of EHC plans so that plans are precise and up to date.', 'local_authority'),
  finding('area_for_improvement', ['I4'], 'Schools and colleges should work with health providers to improve preparation for adulthood for young people with complex needs.', 'named_partners', 'Schools, colleges and health providers'),
  finding('area_for_improvement', ['I3'], 'The ICB should make sure that therapy services are commissioned to meet the needs of children in special schools.', 'icb'),
];

export const FINDINGS_2016: ComposeFinding[] = [
  finding('strength', ['A'], 'Early years practitioners identify children’s needs quickly and accurately.'),
  finding('strength', ['A', 'B'], 'Leaders have a clear and accurate understanding of the local area’s strengths and weaknesses.'),
  finding('area_for_development', ['A'], 'Identification of needs in the 16 to 25 age range is not timely enough.'),
  finding('strength', ['B'], 'The parent carer forum is fully involved in planning services.'),
  finding('area_for_development', ['B'], 'Too many EHC plans are completed late, and the quality of plans varies too much.'),
  finding('strength', ['C'], 'Young people with SEND achieve well in further education and training.'),
  finding('area_for_development', ['C'], 'Too many children and young people who have SEND are excluded from school.'),
  finding('significant_weakness', [], 'Weak strategic leadership and joint commissioning across education, health and care.'),
  finding('significant_weakness', [], 'The poor quality of EHC plans, which do not reflect children and young people’s needs.'),
];

export const NARRATIVE_2023: NarrativeSections = {
  about_partnership: [{ type: 'paragraph', text: 'The local authority commissions alternative provision from three providers, including a pupil referral unit.' }],
  experience: [{ type: 'paragraph', text: 'Most children and young people with SEND in Northbrook are happy, safe and well supported.' }],
  do_better: [{ type: 'list', items: ['Waiting times for therapies.', 'The quality of EHC plans.'] }],
};

export const NARRATIVE_2016: NarrativeSections = {
  method: [{ type: 'paragraph', text: 'Inspectors looked at a range of information about the performance of the local area, including its self-evaluation.' }],
  main_findings: [
    { type: 'paragraph', text: 'Leaders have a clear vision for children and young people with SEND.' },
    { type: 'list', items: ['Identification in the early years is strong.', 'Joint commissioning is underdeveloped.'] },
  ],
};

export type DemoInputOptions = {
  framework?: FrameworkCode;
  type?: string;
  outcome?: string | null;
  findings?: ComposeFinding[];
  narrative?: NarrativeSections;
  counts?: DocumentCounts;
  historical?: boolean;
  team?: ComposeInputs['details']['team'];
  areaName?: string;
  previousInspection?: string | null;
};

/** Inputs like the demo inspection's: Northbrook, with a team, counts, findings and some narrative. */
export function demoInputs(options: DemoInputOptions = {}): ComposeInputs {
  const code = options.framework ?? '2023';
  const definition = frameworkDefinition(code);
  const defaultOutcome = code === '2023' ? 'widespread_systemic_failings' : 'wsoa_required';
  return {
    details: {
      inspection: {
        reference: 'SEND-990-2026-1',
        inspection_type: options.type ?? 'full',
        onsite_start_date: code === '2023' ? '2026-03-02' : '2019-02-25',
        onsite_end_date: code === '2023' ? '2026-03-06' : '2019-03-01',
        historical: options.historical ?? false,
      },
      area: { la_code: '990', name: options.areaName ?? 'Northbrook', region: 'North West', icb: 'NHS Northbrook and Vale Integrated Care Board' },
      framework: { definition },
      team: options.team ?? (options.historical ? [] : TEAM),
    },
    findings: options.findings ?? (code === '2023' ? FINDINGS_2023 : FINDINGS_2016),
    outcome: options.outcome === null ? null : { code: options.outcome ?? defaultOutcome },
    narrative: options.narrative ?? (code === '2023' ? NARRATIVE_2023 : NARRATIVE_2016),
    counts: options.counts ?? (options.historical ? NO_COUNTS : DEMO_COUNTS),
    previousInspection: options.previousInspection === undefined ? (code === '2023' ? '2019-02-25' : null) : options.previousInspection,
    previousInspectionEnd: options.previousInspection === undefined && code === '2023' ? '2019-03-01' : null,
  };
}

/** Every outcome of every inspection type with outcomes, in both frameworks. */
export function everyOutcome(): { framework: FrameworkCode; type: string; outcome: string }[] {
  return (['2016', '2023'] as const).flatMap((framework) =>
    frameworkDefinition(framework).inspectionTypes.flatMap((t) => t.outcomes.map((o) => ({ framework, type: t.code, outcome: o.code }))),
  );
}

/** The text files of a ZIP archive (a DOCX, say) by name, read from its central directory. */
export function zipTextEntries(zip: Buffer): Map<string, string> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error('Not a ZIP archive');
  const entries = new Map<string, string>();
  let at = zip.readUInt32LE(end + 16);
  for (let i = 0; i < zip.readUInt16LE(end + 10); i++) {
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const skip = nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    const local = zip.readUInt32LE(at + 42);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(start, start + size);
    entries.set(name, (method === 8 ? inflateRawSync(data) : data).toString('utf8'));
    at += 46 + skip;
  }
  return entries;
}
