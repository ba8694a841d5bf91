// The demo inspection's report and the area's history: fieldwork ended and the report started, two
// versions of the narrative by two inspectors (the second changing a few sentences, so the version
// comparison has something to show), and Northbrook's previous inspection under the 2016 framework,
// imported as a historical one so the public site has a published report from the start.
import type { z } from 'zod';
import { transitionInspection, type Actor } from '../inspections/inspection.service.ts';
import type { Db } from '../platform/db/database.ts';
import type { NarrativeSections } from '../reports/report-document.ts';
import { parseSectionText } from '../reports/report-draft.ts';
import { saveDraft } from '../reports/report-draft.service.ts';
import type { historicalFileSchema } from '../reports/historical-import.ts';
import { importHistoricalInspections } from '../reports/historical-import.service.ts';
import type { DemoEvidenceActors } from './demo-evidence.ts';
import type { SeededDemoFindings } from './demo-findings.ts';
import { DEMO_AREA } from './demo.ts';

// ---- The narrative ---------------------------------------------------------------------------

/** The narrative as the lead first typed it, one textarea a section (blank lines between paragraphs, "- " for a list). */
export const DEMO_NARRATIVE_TEXT: Readonly<Record<string, string>> = {
  about_partnership: [
    'The ICB also covers the neighbouring Vale area. Most children’s community health services in Northbrook, including therapies and community paediatrics, are provided by one community health trust.',
    'The SEND partnership board oversees the area’s SEND strategy. Its members include:\n- the director of children’s services and the ICB’s chief nurse, who chair it together\n- leaders from education, health and social care\n- the parent carer forum and Northbrook Youth Voice',
    'The local authority commissions alternative provision for children and young people with SEND from its pupil referral unit, The Bridge Centre, and from a small number of registered independent providers.',
  ].join('\n\n'),
  experience: [
    'Children and young people with SEND in Northbrook have mixed experiences. Many are well supported in their early years and as they prepare for adulthood, but too many wait too long for assessments and for the therapies they need.',
    'Most children and young people with SEND attend mainstream schools. Families told inspectors that the support their child gets depends too much on which school they attend.',
    'Many children and young people take part in activities in their community, such as holiday clubs and the inclusive youth club at Northbrook Youth Centre. Some families of older young people said they had found nothing suitable nearby.',
  ].join('\n\n'),
  effective: [
    'Leaders have an accurate understanding of the area’s strengths and weaknesses. Their self-evaluation matches what inspectors found, and they have begun to act on the areas that need to improve.',
    'Practitioners across education, health and social care work well together for individual children. Outreach from Ashgrove Special School helps mainstream staff to meet pupils’ needs, and schools value the autism-friendly schools programme.',
  ].join('\n\n'),
  do_better: [
    'Too many children and young people wait too long for the help they need. Leaders know this and have plans to reduce waiting times, including extra educational psychology capacity and a review of therapy services. It is too early to see the effect of these plans on children’s experiences.',
    'Pupils with EHC plans are suspended and persistently absent more often than in similar areas. Leaders do not check closely enough how long pupils spend in alternative provision.',
  ].join('\n\n'),
};

/** What the CQC lead changed in the second version: a few sentences, each [as it was, as it became]. */
export const DEMO_NARRATIVE_CHANGES: Readonly<Record<string, readonly (readonly [string, string])[]>> = {
  about_partnership: [['The ICB also covers the neighbouring Vale area.', 'The ICB also commissions health services for the neighbouring Vale area.']],
  experience: [['have mixed experiences.', 'have inconsistent experiences.']],
  do_better: [
    [
      'have plans to reduce waiting times, including extra educational psychology capacity and a review of therapy services.',
      'have plans to reduce waiting times. The local authority has recruited two locum educational psychologists, and the ICB has commissioned a review of therapy capacity that is due to report in the spring.',
    ],
  ],
};

export const DEMO_SECOND_VERSION_NOTE = 'Health paragraphs checked: what the ICB is doing about waiting times, and the first paragraph of the experience section now matches the outcome.';

function narrativeOf(texts: Readonly<Record<string, string>>): NarrativeSections {
  return Object.fromEntries(Object.entries(texts).map(([code, text]) => [code, parseSectionText(text)]));
}

/** The second version's text: each change made exactly once, or the demo's words have drifted from its edits. */
export function secondVersionText(): Record<string, string> {
  const texts = { ...DEMO_NARRATIVE_TEXT };
  for (const [code, changes] of Object.entries(DEMO_NARRATIVE_CHANGES)) {
    let text = texts[code]!;
    for (const [from, to] of changes) {
      if (text.split(from).length !== 2) throw new Error(`The demo narrative’s ${code} section does not say “${from}” exactly once`);
      text = text.replace(from, to);
    }
    texts[code] = text;
  }
  return texts;
}

// ---- The area's previous inspection --------------------------------------------------------

/**
 * Northbrook's previous inspection, in the documented import format: a full inspection under the
 * 2016 framework that did not need a written statement of action. The people named are fictional.
 * The letter's introduction (dates, purpose, team) is composed from the data, so only the method
 * and the main findings are written here.
 */
export const DEMO_HISTORY: z.input<typeof historicalFileSchema> = {
  schemaVersion: 1,
  inspections: [
    {
      reference: 'SEND-990-2018-1',
      laCode: DEMO_AREA.la_code,
      framework: '2016',
      inspectionType: 'full',
      onsiteStart: '2018-03-05',
      onsiteEnd: '2018-03-09',
      publishedOn: '2018-04-27',
      outcome: 'wsoa_not_required',
      findings: [
        { kind: 'strength', criteria: ['A'], text: 'Health visitors and early years settings work closely together, so most children’s needs are identified before they start school.' },
        { kind: 'strength', criteria: ['A'], text: 'The portage service and the area SENCO give families and early years settings timely, practical advice.' },
        { kind: 'area_for_development', criteria: ['A'], text: 'Needs that emerge later, particularly social, emotional and mental health needs, are not always identified quickly enough in secondary schools.' },
        { kind: 'strength', criteria: ['B'], text: 'Leaders have built a strong working relationship with the parent carer forum, which is involved in planning services.' },
        { kind: 'strength', criteria: ['B'], text: 'Special schools meet pupils’ complex needs well, and their outreach work supports staff in mainstream schools.' },
        { kind: 'area_for_development', criteria: ['B'], text: 'Too few education, health and care (EHC) plans are completed within 20 weeks.' },
        { kind: 'area_for_development', criteria: ['B'], text: 'Health and social care advice in EHC plans is often brief and does not say clearly what support will be provided.' },
        { kind: 'area_for_development', criteria: ['B'], text: 'Children wait too long for speech and language therapy.' },
        { kind: 'strength', criteria: ['C'], text: 'Most young people with SEND continue in education or training after the age of 16.' },
        { kind: 'area_for_development', criteria: ['C'], text: 'Young people have too few opportunities to prepare for employment, such as supported internships.' },
        { kind: 'area_for_development', criteria: ['C'], text: 'Leaders do not use information about outcomes well enough to check the difference that services make.' },
      ],
      narrative: {
        method: [
          'Inspectors spoke with children and young people who have special educational needs and/or disabilities (SEND), parents and carers, and local authority and National Health Service (NHS) officers. They visited a range of providers and spoke to leaders, staff and governors about how they were implementing the special educational needs reforms.',
          'Inspectors looked at a range of information about the performance of the local area, including its self-evaluation. They met leaders for health, social care and education, and reviewed performance data and evidence about the local offer and joint commissioning.',
          'This letter outlines our findings from the inspection, including some areas of strength and areas for further improvement.',
        ],
        main_findings: [
          'The local area has made steady progress in implementing the reforms. Leaders have an accurate view of the area’s strengths and of what needs to improve.',
          {
            type: 'list',
            items: [
              'Children’s needs are usually identified early, and families of young children are well supported.',
              'Co-production with parents and carers is developing well through the parent carer forum.',
              'The timeliness of EHC needs assessments, and the quality of health and social care advice in plans, are not good enough.',
              'Waiting times for speech and language therapy are too long.',
            ],
          },
        ],
      },
      team: [
        { name: 'Anne Whitfield', role: 'ofsted_lead' },
        { name: 'Mark Ellison', role: 'cqc_lead' },
        { name: 'Gillian Shaw', role: 'ofsted_inspector' },
      ],
    },
  ],
};

// ---- Seeding -------------------------------------------------------------------------------

export type SeededDemoReport = { draftVersions: number; previousInspection: { reference: string; onsiteStart: string; onsiteEnd: string; publishedAt: Date } };

/**
 * Ends the fieldwork and starts the report as the Ofsted lead, then saves the narrative twice: the
 * lead's first draft, two hours before the CQC lead's revision of it.
 */
export async function seedDemoDraft(db: Db, inspectionId: string, actors: DemoEvidenceActors, now = new Date()): Promise<number> {
  await transitionInspection(db.kysely, inspectionId, { to: 'reporting' }, actors.lead);
  const first = await saveDraft(db.kysely, inspectionId, narrativeOf(DEMO_NARRATIVE_TEXT), 'First draft of the narrative', 0, actors.lead, {}, new Date(now.getTime() - 2 * 3_600_000));
  const second = await saveDraft(db.kysely, inspectionId, narrativeOf(secondVersionText()), DEMO_SECOND_VERSION_NOTE, first.version, actors.cqcLead, {}, now);
  return second.version;
}

/** Imports Northbrook's previous inspection as an administrator would with `send-inspect inspections import`. */
export async function importDemoHistory(db: Db, actor: Actor, today: string): Promise<SeededDemoReport['previousInspection']> {
  const result = await importHistoricalInspections(db.kysely, JSON.stringify(DEMO_HISTORY), { actor, today });
  const [imported] = result.inspections;
  const [planned] = DEMO_HISTORY.inspections;
  return { reference: imported!.reference, onsiteStart: planned!.onsiteStart, onsiteEnd: planned!.onsiteEnd, publishedAt: imported!.publishedAt };
}

/** "Its report: 12 findings (1 resting on one kind of source), …" for the console. */
export function reportLine(seeded: Pick<SeededDemoFindings, 'findings' | 'singleSource' | 'outcomeLabel'> & { draftVersions: number }): string {
  const flagged = seeded.singleSource === 1 ? '1 resting on one kind of source' : `${seeded.singleSource} resting on one kind of source`;
  return `Its report: ${seeded.findings} findings (${flagged}), the outcome “${seeded.outcomeLabel}” and a draft in ${seeded.draftVersions} versions, ready for the lead to send for quality assurance.`;
}

/** "Northbrook's previous inspection, SEND-990-2018-1, …" for the console. */
export function historyLine(previous: SeededDemoReport['previousInspection']): string {
  return `Its previous inspection, ${previous.reference} (2016 framework, on site ${previous.onsiteStart} to ${previous.onsiteEnd}), is published on the public site at /reports.`;
}
