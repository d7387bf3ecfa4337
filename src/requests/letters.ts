import type { Queryable } from '../platform/db/transaction.js';
import {
  defaultLetterTemplate,
  renderLetterText,
  type LetterFacts,
  type LetterKind,
  type LetterTemplate,
  type RenderedLetter,
} from './letters.rules.js';
import type { LoadedApplication } from './application-log.js';
import { findApplicantOf, findLetterTemplateRow } from './requests.repository.js';

/** The template in force for `kind`: the office's edited row, else the built-in text. */
export async function findLetterTemplate(db: Queryable, kind: LetterKind): Promise<LetterTemplate> {
  const row = await findLetterTemplateRow(db, kind);
  return row ? { kind, title: row.title, body: row.body } : defaultLetterTemplate(kind);
}

/** Renders a letter for an application: the facts every letter knows, then the step's own. */
export async function renderApplicationLetter(
  db: Queryable,
  loaded: Pick<LoadedApplication, 'app' | 'org'>,
  kind: LetterKind,
  facts: LetterFacts,
): Promise<RenderedLetter & { kind: LetterKind }> {
  const template = await findLetterTemplate(db, kind);
  const applicant = await findApplicantOf(db, loaded.app.id);
  const rendered = renderLetterText(template, {
    applicantName: applicant?.name,
    reference: loaded.app.reference,
    orgName: loaded.org.name,
    receivedOn: loaded.app.received_on,
    description: loaded.app.description,
    ...facts,
  });
  return { ...rendered, kind };
}
