// An inspection's surveys: the three audiences with their status and responses, and creating them.
import type { Visitor } from '../support/journey.ts';
import { readTable } from './govuk-components.ts';
import { GovukPage } from './govuk-page.ts';
import { lowerFirst, nameWithHiddenText, type SurveyAudienceName } from './survey-audience.ts';

export type SurveyRow = { survey: SurveyAudienceName; title: string; status: string; responses: string };

export class SurveysOverviewPage extends GovukPage {
  readonly title: string;
  readonly heading = 'Surveys';

  constructor(visitor: Visitor, reference: string) {
    super(visitor);
    this.title = `Surveys: ${reference}`;
  }

  static async open(visitor: Visitor, inspection: { id: string; reference: string }): Promise<SurveysOverviewPage> {
    await visitor.visit(`/inspections/${inspection.id}/surveys`);
    return new SurveysOverviewPage(visitor, inspection.reference).arrived();
  }

  async createSurveys(): Promise<void> {
    await this.page.getByRole('button', { name: 'Create the surveys', exact: true }).click();
  }

  /** The table of surveys the team sees; empty before they are created. */
  async surveys(): Promise<SurveyRow[]> {
    const table = this.page.getByRole('table', { name: 'The inspection’s surveys' });
    if ((await table.count()) === 0) return [];
    return (await readTable(table)).map((row) => {
      const [survey, title = ''] = row.Survey.split('\n').map((line) => line.trim());
      return { survey: survey as SurveyAudienceName, title, status: row.Status, responses: row.Responses };
    });
  }

  async openSurvey(audience: SurveyAudienceName): Promise<void> {
    await this.page.getByRole('link', { name: audience, exact: true }).click();
  }

  /** Follows one of the links listed under a survey for the local area, e.g. "Languages and translations". */
  async followFor(audience: SurveyAudienceName, link: string): Promise<void> {
    await this.page.getByRole('main').getByRole('link', { name: nameWithHiddenText(link, `: ${lowerFirst(audience)}`) }).click();
  }
}
