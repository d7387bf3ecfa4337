import type { Hono } from 'hono';
import type { AppEnv } from '../../platform/http/env.js';
import { AppError, type FieldProblem } from '../../platform/errors.js';
import { HTTP_STATUS } from '../../platform/http/errors.js';
import { formProblemsOf } from '../../staff/http/forms.js';
import { useCaseContextOf, type StaffContext } from '../../staff/http/staff-context.js';
import type { ItemWithOrg } from '../catalog.repository.js';
import { findItemWithOrg } from '../catalog.repository.js';
import { uploadAttachment } from '../upload-attachment.js';
import { importWordBody } from '../import-word-body.js';
import { readCatalogForm } from './catalog.staff.forms.js';
import { ItemPage, type ItemPageView } from './items.staff.page.js';

export interface UploadRouteHelpers {
  loadItem(c: StaffContext, id: string | undefined): Promise<ItemWithOrg>;
  buildItemPageView(c: StaffContext, item: ItemWithOrg): Promise<ItemPageView>;
}

/** The use cases name the upload `file`; the item page has two file fields, each with its own name. */
function onField(problems: FieldProblem[], field: string): FieldProblem[] {
  return problems.map((p) =>
    p.field === 'file' || p.field === 'content' || p.field === 'fileName' ? { ...p, field } : p,
  );
}

/**
 * Attachments and Word bodies: multipart forms on the item page. A refused file re-renders the item
 * page with the message on the file field; the use cases store nothing for a refused file.
 */
export function registerUploadRoutes(app: Hono<AppEnv>, helpers: UploadRouteHelpers): void {
  async function upload(
    c: StaffContext,
    field: 'attachment' | 'docx',
    run: (item: ItemWithOrg, file: File, bytes: Uint8Array<ArrayBuffer>) => Promise<unknown>,
    done: string,
  ) {
    const item = await helpers.loadItem(c, c.req.param('id'));
    const form = await readCatalogForm(c);
    try {
      const file = form.files[field];
      if (!file || file.size === 0) {
        throw AppError.validation([{ field, message: 'catalog.staff.upload.required' }]);
      }
      await run(item, file, new Uint8Array(await file.arrayBuffer()));
      return c.redirect(
        `/staff/catalog/${item.id}?done=${done}#${field === 'docx' ? 'word' : 'attachments'}`,
        303,
      );
    } catch (err) {
      const problems = formProblemsOf(err);
      if (!problems) throw err;
      const fresh = (await findItemWithOrg(c.var.deps.database.db, item.id)) ?? item;
      return c.html(
        <ItemPage
          c={c}
          view={await helpers.buildItemPageView(c, fresh)}
          problems={onField(problems, field)}
        />,
        HTTP_STATUS.VALIDATION,
      );
    }
  }

  app.post('/staff/catalog/:id{[0-9]+}/attachments', (c) =>
    upload(
      c,
      'attachment',
      (item, file, bytes) =>
        uploadAttachment(
          useCaseContextOf(c),
          { storage: c.var.deps.storage },
          {
            itemId: item.id,
            fileName: file.name,
            content: bytes,
          },
        ),
      'attachment_uploaded',
    ),
  );

  app.post('/staff/catalog/:id{[0-9]+}/word', (c) =>
    upload(
      c,
      'docx',
      (item, file, bytes) =>
        importWordBody(useCaseContextOf(c), { itemId: item.id, fileName: file.name, content: bytes }),
      'word_imported',
    ),
  );
}
