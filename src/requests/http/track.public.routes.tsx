import { Hono, type Context } from 'hono';
import { stream } from 'hono/streaming';
import type { AppEnv } from '../../platform/http/env.js';
import { AppError, isAppError, type FieldProblem } from '../../platform/errors.js';
import { anonymousPrincipal } from '../../platform/auth/principal.js';
import { requestMetaOf } from '../../platform/http/request-meta.js';
import { CSRF_FIELD } from '../../platform/http/csrf.js';
import type { UseCaseContext } from '../../platform/use-case.js';
import { trackApplication } from '../track-application.js';
import { withdrawApplication } from '../withdraw-application.js';
import { submitCorrectionOnline } from '../submit-correction-online.js';
import { findFileById } from '../requests.repository.js';
import type { PublicApplicationView } from '../application.presenter.js';
import { requestDepsFor } from './draft.public.js';
import { forgetAccess, recallAccess, rememberAccess, type TrackAccess } from './track-session.public.js';
import { toTrackView } from './track.public.view.js';
import { CorrectionPage, StatusPage, TrackFormPage, WithdrawPage } from './track.public.pages.js';
import { acceptUpload } from './uploads.public.js';
import './apply.messages.js';

type C = Context<AppEnv>;

function anonymousContext(c: C): UseCaseContext {
  return {
    database: c.var.deps.database,
    principal: anonymousPrincipal(),
    meta: requestMetaOf(c),
    now: c.var.deps.clock.now(),
  };
}

async function readForm(c: C): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) {
    if (key !== CSRF_FIELD && typeof value === 'string') out[key] = value;
  }
  return out;
}

/** The message of a refused lookup: the use case's own (one text for unknown and wrong). */
function lookupMessage(c: C, err: AppError): string {
  return c.var.t(err.message.startsWith('requests.error.') ? err.message : 'requests.error.not_found');
}

/**
 * The remembered application, checked again through `trackApplication` (the query code is verified,
 * throttled and audited on every page); without a live session, back to the lookup form.
 */
async function viewOfSession(c: C): Promise<{ access: TrackAccess; view: PublicApplicationView } | null> {
  const access = recallAccess(c);
  if (!access) return null;
  try {
    return { access, view: await trackApplication(anonymousContext(c), access) };
  } catch (err) {
    if (isAppError(err) && (err.code === 'NOT_FOUND' || err.code === 'VALIDATION')) {
      forgetAccess(c);
      return null;
    }
    throw err;
  }
}

const NOTICES: Record<string, string> = {
  withdrawn: 'track.notice.withdrawn',
  corrected: 'track.notice.corrected',
};

/** `/track`: the applicant follows an application with its reference and query code; no account. */
export function trackPublicRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/track', (c) => {
    const notice = c.req.query('signed_out') === '1' ? c.var.t('track.notice.signed_out') : undefined;
    return c.html(<TrackFormPage c={c} values={{ reference: '' }} problems={[]} notice={notice} />);
  });

  app.post('/track', async (c) => {
    const form = await readForm(c);
    const reference = (form.reference ?? '').trim().slice(0, 64);
    const queryCode = (form.queryCode ?? '').trim().slice(0, 64);
    const problems: FieldProblem[] = [];
    if (!reference) problems.push({ field: 'reference', message: 'track.error.reference_required' });
    if (!queryCode) problems.push({ field: 'queryCode', message: 'track.error.query_code_required' });
    if (problems.length)
      return c.html(<TrackFormPage c={c} values={{ reference }} problems={problems} />, 400);
    try {
      const view = await trackApplication(anonymousContext(c), { reference, queryCode });
      rememberAccess(c, { reference: view.reference, queryCode });
      return c.redirect('/track/status', 303);
    } catch (err) {
      if (
        isAppError(err) &&
        (err.code === 'NOT_FOUND' || err.code === 'THROTTLED' || err.code === 'VALIDATION')
      ) {
        // The same words for an unknown reference and a wrong code; the reference is kept, the code is not.
        return c.html(
          <TrackFormPage c={c} values={{ reference }} problems={[]} general={lookupMessage(c, err)} />,
          err.code === 'THROTTLED' ? 429 : 400,
        );
      }
      throw err;
    }
  });

  app.get('/track/status', async (c) => {
    const session = await viewOfSession(c);
    if (!session) return c.redirect('/track', 303);
    const noticeKey = NOTICES[c.req.query('done') ?? ''];
    return c.html(
      <StatusPage
        c={c}
        view={await toTrackView(c, session.view)}
        notice={noticeKey ? c.var.t(noticeKey) : undefined}
      />,
    );
  });

  app.get('/track/files/:id{[0-9]+}', async (c) => {
    const session = await viewOfSession(c);
    if (!session) return c.redirect('/track', 303);
    const id = Number(c.req.param('id'));
    // Only a file the public view lists (released information and letters of this application).
    const listed = session.view.files.find((f) => f.id === id);
    const file = listed ? await findFileById(c.var.deps.database.db, id) : undefined;
    if (!listed || !file) throw new AppError('NOT_FOUND', 'No such file');
    const body = await c.var.deps.storage.get(file.storage_key);
    c.header('Content-Type', file.content_type);
    c.header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Cache-Control', 'private, no-store');
    return stream(c, async (s) => {
      for await (const chunk of body) await s.write(chunk as Uint8Array);
    });
  });

  app.get('/track/letters/:n{[0-9]+}', async (c) => {
    const session = await viewOfSession(c);
    if (!session) return c.redirect('/track', 303);
    const letter = session.view.letters[Number(c.req.param('n')) - 1];
    if (!letter) throw new AppError('NOT_FOUND', 'No such letter');
    const name = `${session.view.reference}-${letter.on}-${letter.title}.txt`;
    c.header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`);
    c.header('Cache-Control', 'private, no-store');
    return c.text(`${letter.title}\n\n${letter.text}\n`);
  });

  app.get('/track/withdraw', async (c) => {
    const session = await viewOfSession(c);
    if (!session) return c.redirect('/track', 303);
    if (!session.view.canWithdraw) return c.redirect('/track/status', 303);
    return c.html(<WithdrawPage c={c} view={await toTrackView(c, session.view)} />);
  });

  app.post('/track/withdraw', async (c) => {
    const session = await viewOfSession(c);
    if (!session) return c.redirect('/track', 303);
    const form = await readForm(c);
    try {
      await withdrawApplication(anonymousContext(c), requestDepsFor(c), {
        ...session.access,
        reason: (form.reason ?? '').trim().slice(0, 2000) || null,
      });
      return c.redirect('/track/status?done=withdrawn', 303);
    } catch (err) {
      if (
        isAppError(err) &&
        (err.code === 'INVALID_STATE' ||
          err.code === 'REQUEST_EVENT_ORDER' ||
          err.code === 'VALIDATION' ||
          err.code === 'THROTTLED')
      ) {
        return c.html(
          <WithdrawPage c={c} view={await toTrackView(c, session.view)} general={c.var.t(err.message)} />,
          400,
        );
      }
      throw err;
    }
  });

  app.get('/track/correction', async (c) => {
    const session = await viewOfSession(c);
    if (!session) return c.redirect('/track', 303);
    if (!session.view.canSubmitCorrection) return c.redirect('/track/status', 303);
    return c.html(<CorrectionPage c={c} view={await toTrackView(c, session.view)} text="" problems={[]} />);
  });

  app.post('/track/correction', async (c) => {
    const session = await viewOfSession(c);
    if (!session) return c.redirect('/track', 303);
    const body = await c.req.parseBody();
    const text = typeof body.text === 'string' ? body.text.trim() : '';
    const view = await toTrackView(c, session.view);
    const problems: FieldProblem[] = [];
    if (!text) problems.push({ field: 'text', message: 'track.error.correction_text_required' });
    const file = body.file;
    let uploaded: Awaited<ReturnType<typeof acceptUpload>> | null = null;
    if (!problems.length && file instanceof File && file.size > 0) {
      uploaded = await acceptUpload(c, 'file', file);
      if ('field' in uploaded) problems.push(uploaded);
    }
    if (problems.length)
      return c.html(<CorrectionPage c={c} view={view} text={text} problems={problems} />, 400);
    try {
      await submitCorrectionOnline(anonymousContext(c), requestDepsFor(c), {
        ...session.access,
        text,
        files:
          uploaded && !('field' in uploaded)
            ? [
                {
                  storageKey: uploaded.storageKey,
                  name: uploaded.name,
                  contentType: uploaded.contentType,
                  size: uploaded.size,
                },
              ]
            : [],
      });
      return c.redirect('/track/status?done=corrected', 303);
    } catch (err) {
      if (
        isAppError(err) &&
        (err.code === 'INVALID_STATE' ||
          err.code === 'REQUEST_EVENT_ORDER' ||
          err.code === 'VALIDATION' ||
          err.code === 'THROTTLED')
      ) {
        const fields = (err.details.fields ?? []).map((p) => ({
          ...p,
          field: p.field === 'text' ? 'text' : p.field,
        }));
        return c.html(
          <CorrectionPage
            c={c}
            view={view}
            text={text}
            problems={fields.filter((p) => p.field === 'text')}
            general={fields.some((p) => p.field === 'text') ? undefined : c.var.t(err.message)}
          />,
          400,
        );
      }
      throw err;
    }
  });

  app.post('/track/sign-out', (c) => {
    forgetAccess(c);
    return c.redirect('/track?signed_out=1', 303);
  });

  return app;
}
