import { z } from 'zod';
import { assertCan } from '../../platform/auth/permissions.rules.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { AppError } from '../../platform/errors.js';
import type { FileStorage } from '../../platform/storage/storage.js';
import { audit, type UseCaseContext } from '../../platform/use-case.js';
import { findHoldingOrg, parsePayload } from '../application-log.js';
import { parseRequestInput } from '../request-input.js';
import {
  findApplicationById,
  insertFile,
  listEventsOf,
  listFilesOf,
  type ApplicationEventRow,
  type ApplicationFileRow,
} from '../requests.repository.js';
import { renderLetterDocx } from './letter-docx.js';
import { letterFileName } from './letter-layout.rules.js';
import { CHROMIUM_PATH, renderLetterPdf } from './letter-pdf.js';
import '../requests.messages.js';
import './letters.messages.js';

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const PDF_TYPE = 'application/pdf';

/** The letter an event carries (its `payload.letter`, written by the step that sent it), if any. */
export interface EventLetter {
  kind: string;
  title: string;
  text: string;
}

export function letterOfEvent(row: Pick<ApplicationEventRow, 'payload_json'>): EventLetter | null {
  const letter = parsePayload(row).letter as Partial<EventLetter> | undefined;
  if (!letter || typeof letter.title !== 'string' || typeof letter.text !== 'string') return null;
  return { kind: typeof letter.kind === 'string' ? letter.kind : '', title: letter.title, text: letter.text };
}

/**
 * Letters that go to the applicant (and so may be offered on the tracking page). A consultation letter
 * goes to the third party or agency consulted and names them: it is never stored as the applicant's.
 */
export function isApplicantLetter(kind: string): boolean {
  return kind !== 'consultation';
}

export const generateLetterFilesInput = z.object({
  applicationId: z.number().int().positive(),
  eventId: z.number().int().positive(),
});
export type GenerateLetterFilesInput = z.input<typeof generateLetterFilesInput>;

export interface LetterFilesDeps {
  storage: FileStorage;
  /** Where Chromium is; PDF is skipped (Word only) when it is not installed there. */
  chromiumPath?: string;
}

export interface GeneratedLetterFiles {
  files: ApplicationFileRow[];
  /** False when Chromium is missing: the Word file exists, the PDF does not. */
  hasPdf: boolean;
  /** True when the files already existed and nothing was written. */
  existed: boolean;
}

/**
 * Renders the letter of one event (an answer's 告知书, a 补正/延期/收费 notice) as Word and, where
 * Chromium is installed, PDF, and stores both as the application's `letter` files against that event,
 * which the applicant's tracking page offers. Idempotent per event. Rendering happens before the
 * transaction (printing a PDF takes a second); the rows and the audit record are written together.
 */
export async function generateLetterFiles(
  ctx: UseCaseContext,
  deps: LetterFilesDeps,
  input: GenerateLetterFilesInput,
): Promise<GeneratedLetterFiles> {
  const parsed = parseRequestInput(generateLetterFilesInput, input);
  const db = ctx.database.db;
  const app = await findApplicationById(db, parsed.applicationId);
  if (!app) throw new AppError('NOT_FOUND', 'requests.error.not_found');
  const org = await findHoldingOrg(db, app.org_id);
  assertCan(ctx.principal, 'request.handle', { orgPath: org.path });
  const event = (await listEventsOf(db, app.id)).find((e) => e.id === parsed.eventId);
  const letter = event ? letterOfEvent(event) : null;
  if (!event || !letter) throw new AppError('NOT_FOUND', 'requests.letters.error.no_letter');
  if (!isApplicantLetter(letter.kind))
    throw new AppError('INVALID_STATE', 'requests.letters.error.not_for_applicant');

  const existing = (await listFilesOf(db, app.id, ['letter'])).filter((f) => f.event_id === event.id);
  if (existing.length > 0) {
    return { files: existing, hasPdf: existing.some((f) => f.content_type === PDF_TYPE), existed: true };
  }

  const docx = await renderLetterDocx(letter);
  const pdf = await renderLetterPdf(letter, deps.chromiumPath ?? CHROMIUM_PATH);
  const rendered = [
    { bytes: docx, type: DOCX_TYPE, name: letterFileName(letter.title, app.reference, 'docx') },
    ...(pdf
      ? [{ bytes: pdf, type: PDF_TYPE, name: letterFileName(letter.title, app.reference, 'pdf') }]
      : []),
  ];
  const stored: { bytes: Buffer; type: string; name: string; key: string; size: number }[] = [];
  for (const r of rendered) {
    const put = await deps.storage.put(r.bytes, { originalName: r.name, contentType: r.type });
    stored.push({ ...r, key: put.key, size: put.size });
  }

  return inTransaction(db, async (trx) => {
    // A second click while the first was rendering: keep the first files.
    const again = (await listFilesOf(trx, app.id, ['letter'])).filter((f) => f.event_id === event.id);
    if (again.length > 0)
      return { files: again, hasPdf: again.some((f) => f.content_type === PDF_TYPE), existed: true };
    const nowIso = ctx.now.toISOString();
    for (const s of stored) {
      await insertFile(trx, {
        application_id: app.id,
        event_id: event.id,
        kind: 'letter',
        storage_key: s.key,
        name: s.name,
        content_type: s.type,
        size: s.size,
        created_by: ctx.principal.userId,
        created_at: nowIso,
      });
    }
    await audit(ctx, trx, {
      action: 'request.letter_files',
      entityType: 'application',
      entityId: app.id,
      orgId: app.org_id,
      after: { eventId: event.id, letterKind: letter.kind, formats: stored.map((s) => s.type) },
    });
    const files = (await listFilesOf(trx, app.id, ['letter'])).filter((f) => f.event_id === event.id);
    return { files, hasPdf: pdf !== null, existed: false };
  });
}
