// The report's hub for the team: the stage the report is at, a task list from the draft to
// publication with each task's status, what the person can do now, and links to its pages.
import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../app.ts';
import { reportPageChanges, statusPageChoices } from '../inspections/inspection-lifecycle.ts';
import { isReportDraftingStage } from '../platform/auth/permissions.ts';
import { getInspection, inspectionScope } from '../inspections/inspection.service.ts';
import type { InspectionStatus } from '../inspections/inspection.table.ts';
import { can } from '../platform/auth/permissions.ts';
import { dayInWords } from './report-comment.ts';
import { factualAccuracyCheck, openCommentCounts, type FactualAccuracyCheck } from './report-comment.service.ts';
import { latestVersion, type VersionSummary } from './report-draft.service.ts';
import { publicationStatus, type PublicationStatus } from './report-publication.service.ts';
import { formatDate, formatDateTime } from '../platform/web/format.ts';

const VIEWS = 'reports/views';

export function reportPath(inspectionId: string, rest = ''): string {
  return `/inspections/${inspectionId}/report${rest}`;
}

/** A task of the hub's task list, in the GOV.UK task list's terms. */
export type ReportTask = { title: string; href?: string; hint?: string; status: { text: string } | { tag: { text: string; classes: string } } };

const ORDER: readonly InspectionStatus[] = ['planned', 'notified', 'fieldwork', 'reporting', 'quality_assurance', 'factual_accuracy', 'published', 'follow_up', 'closed'];

function before(status: InspectionStatus, stage: InspectionStatus): boolean {
  return ORDER.indexOf(status) < ORDER.indexOf(stage);
}

const done = (text = 'Completed') => ({ text });
const cannotStart = () => ({ text: 'Cannot start yet' });
const todo = (text: string) => ({ tag: { text, classes: 'govuk-tag--blue' } });
const going = (text: string) => ({ tag: { text, classes: 'govuk-tag--light-blue' } });

function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
}

export type DraftingFacts = {
  inspectionId: string;
  status: InspectionStatus;
  latest: VersionSummary | undefined;
  counts: { qaOpen: number; factualAccuracyOpen: number };
  check: FactualAccuracyCheck | null;
  mayEdit: boolean;
};

/** The hub's first three tasks: writing the draft, quality assurance and the area's factual accuracy check. */
export function draftingTasks(facts: DraftingFacts): ReportTask[] {
  const { inspectionId, status, latest, counts, check } = facts;
  const draft: ReportTask = {
    title: 'Write the draft report',
    href: facts.mayEdit ? reportPath(inspectionId, '/edit') : latest ? reportPath(inspectionId, '/versions') : undefined,
    hint: latest ? `Version ${latest.number}, saved by ${latest.savedBy}` : 'The narrative sections inspectors write',
    status: before(status, 'reporting') ? cannotStart() : status === 'reporting' ? (latest ? going('In progress') : todo('Not yet started')) : done(),
  };
  const qa: ReportTask = {
    title: 'Quality assurance',
    href: before(status, 'quality_assurance') ? undefined : reportPath(inspectionId, '/comments'),
    hint: counts.qaOpen ? `${plural(counts.qaOpen, 'comment', 'comments')} to resolve` : 'The QA reader comments on the draft’s paragraphs; the team resolves each comment',
    status: before(status, 'quality_assurance')
      ? cannotStart()
      : status === 'quality_assurance'
        ? going('In progress')
        : counts.qaOpen
          ? todo(`${counts.qaOpen} to resolve`)
          : done(),
  };
  let factualStatus: ReportTask['status'];
  let factualHint = 'The local area’s nominated officer checks the draft for factual errors by a deadline; inspectors accept or reject each comment';
  if (before(status, 'factual_accuracy')) factualStatus = cannotStart();
  else if (status !== 'factual_accuracy') factualStatus = done();
  else if (!check) factualStatus = todo('Not yet sent');
  else {
    factualHint = `Version ${check.version} sent; comments until the end of ${dayInWords(check.deadline)}`;
    if (counts.factualAccuracyOpen) {
      factualHint += `. ${plural(counts.factualAccuracyOpen, 'comment', 'comments')} to answer`;
      factualStatus = todo(`${counts.factualAccuracyOpen} to answer`);
    } else factualStatus = check.open ? going('With the local area') : done();
  }
  const factual: ReportTask = {
    title: 'Factual accuracy check by the local area',
    href: before(status, 'factual_accuracy') ? undefined : reportPath(inspectionId, '/comments'),
    hint: factualHint,
    status: factualStatus,
  };
  return [draft, qa, factual];
}

/** The hub's last two tasks, from the sign-off and publication service's status. */
export function publicationTasks(inspectionId: string, publication: PublicationStatus, may: { signOff: boolean; publish: boolean }): ReportTask[] {
  const { status, signOffs, schedule, publications } = publication;
  const signedOff = signOffs.filter((s) => s.state === 'current').length;
  const stale = signOffs.some((s) => s.state === 'stale');
  const signOff: ReportTask = {
    title: 'Sign-off by the Ofsted and CQC leads',
    href: may.signOff ? reportPath(inspectionId, '/sign-off') : undefined,
    hint: signOffs.map((s) => `${s.roleLabel}: ${s.stateLabel.toLowerCase()}`).join('; '),
    status: before(status, 'factual_accuracy')
      ? cannotStart()
      : status !== 'factual_accuracy' || signedOff === signOffs.length
        ? done()
        : stale
          ? todo('Sign off again')
          : signedOff
            ? going('In progress')
            : todo('Not yet started'),
  };
  const first = publications.find((p) => !p.isCorrection);
  const corrections = publications.filter((p) => p.isCorrection).length;
  let hint = 'Now or at a set time, once both leads have signed off; nobody outside the team and the area sees it before';
  if (first) hint = `Published on ${formatDate(first.publishedAt)}${corrections ? `, with ${plural(corrections, 'correction', 'corrections')}` : ''}`;
  else if (schedule) hint = `Set to be published on ${formatDateTime(schedule.at)}`;
  const publish: ReportTask = {
    title: 'Publication',
    href: may.publish ? reportPath(inspectionId, '/publish') : undefined,
    hint,
    status: first ? done('Published') : schedule ? going('Scheduled') : before(status, 'factual_accuracy') ? cannotStart() : todo('Not yet published'),
  };
  return [signOff, publish];
}

/** What must still happen before the next step the report is waiting for, in plain English. */
function stillNeeded(publication: PublicationStatus): { heading: string; items: string[] } | undefined {
  const { status, missing } = publication;
  if (status === 'quality_assurance' && missing.beforeFactualAccuracy.length) return { heading: 'Before the draft can be sent to the local area', items: missing.beforeFactualAccuracy };
  if (status === 'factual_accuracy' && missing.beforeSignOff.length) return { heading: 'Before the leads can sign off', items: missing.beforeSignOff };
  if (status === 'factual_accuracy' && missing.beforePublication.length) return { heading: 'Before the report can be published', items: missing.beforePublication };
  return undefined;
}

function taskListItems(tasks: readonly ReportTask[]) {
  return tasks.map((task) => ({
    title: { text: task.title },
    href: task.href,
    hint: task.hint ? { text: task.hint } : undefined,
    status: task.status,
  }));
}

export async function reportRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { db } = deps;
  const scope = inspectionScope(db.kysely);

  app.get('/inspections/:inspectionId/report', { config: { permission: 'report:view', scope } }, async (request, reply) => {
    // The scope has found the inspection already.
    const details = (await getInspection(db.kysely, request.scope.inspectionId!))!;
    const { inspection } = details;
    const inspectionId = inspection.id;
    const latest = await latestVersion(db.kysely, inspectionId);
    const counts = await openCommentCounts(db.kysely, inspectionId);
    const check = await factualAccuracyCheck(db.kysely, inspectionId);
    const publication = await publicationStatus(db.kysely, inspectionId);
    const role = request.visitor.principal!.teamRoles.get(inspectionId);
    const mayEdit = can(request.visitor, 'report:edit', request.scope);
    const tasks = [
      ...draftingTasks({ inspectionId, status: inspection.status, latest, counts, check, mayEdit }),
      ...publicationTasks(inspectionId, publication, { signOff: can(request.visitor, 'report:sign-off', request.scope), publish: can(request.visitor, 'report:publish', request.scope) }),
    ];
    return reply.view(`${VIEWS}/report-hub.njk`, {
      inspection,
      area: details.area,
      stageLabel: publication.stageLabel,
      stillNeeded: stillNeeded(publication),
      publicHref: publication.publications.some((p) => p.isPublic) ? `/reports/${inspection.reference.toLowerCase()}` : undefined,
      latest,
      counts,
      check,
      tasks: taskListItems(tasks),
      // What this person moves the report on to from its pages (sending it to the area, publishing it).
      // What this person moves the report on to from its pages (sending it to the area, publishing it), and
      // the report's other changes of stage, made on the status page (sending for QA, returning for changes).
      changes: [
        ...reportPageChanges(inspection.status, role).map((t) => ({ action: t.action, href: `/inspections/${inspectionId}${t.madeFrom!.path}` })),
        ...statusPageChoices(inspection.status, role)
          .filter((t) => isReportDraftingStage(t.from) && isReportDraftingStage(t.to))
          .map((t) => ({ action: t.action, href: `/inspections/${inspectionId}/status` })),
      ],
      mayEdit,
      mayComment: can(request.visitor, 'report:qa', request.scope),
      editHref: reportPath(inspectionId, '/edit'),
      previewHref: reportPath(inspectionId, '/preview'),
      versionsHref: reportPath(inspectionId, '/versions'),
      commentsHref: reportPath(inspectionId, '/comments'),
      findingsHref: `/inspections/${inspectionId}/findings`,
      backLink: { href: `/inspections/${inspectionId}`, text: 'The inspection' },
    });
  });
}
