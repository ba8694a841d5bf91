// The draft as the report reads, with a link to comment beside each paragraph for the QA reader.
import { PageWithReport } from './report-common.ts';

export class DraftPreviewPage extends PageWithReport {
  readonly title = 'The draft report';
  readonly heading = 'The draft report';
}
