import type { Context } from 'hono';
import type { AppEnv } from '../../platform/http/env.js';
import type { GuideChannel, GuideFact, OrgGuide } from '../guide.js';
import { ColumnFrame, SUB_COLUMNS, columnPath } from './column.public.js';
import type { PublicOrgPage } from './orgs.public.presenter.js';
import { displayName } from './orgs.public.presenter.js';

function Missing({ c }: { c: Context<AppEnv> }) {
  return <span class="missing">{c.var.t('guide.fact.missing')}</span>;
}

/** A fact's value; e-mail and web addresses become links, and Chinese text on English pages is marked. */
function FactValue({ c, fact }: { c: Context<AppEnv>; fact: GuideFact }) {
  if (fact.value === null) return <Missing c={c} />;
  if (fact.field === 'email') return <a href={`mailto:${fact.value}`}>{fact.value}</a>;
  if (fact.field === 'website') return <a href={fact.value}>{fact.value}</a>;
  const isText = fact.field === 'officeName' || fact.field === 'address' || fact.field === 'officeHours';
  return <span lang={c.var.lang === 'en' && isText ? 'zh-CN' : undefined}>{fact.value}</span>;
}

function ChannelValue({ c, channel }: { c: Context<AppEnv>; channel: GuideChannel }) {
  if (channel.value === null) return <Missing c={c} />;
  if (channel.kind === 'organisation_website') return <a href={channel.value}>{channel.value}</a>;
  return <span lang={c.var.lang === 'en' ? 'zh-CN' : undefined}>{channel.value}</span>;
}

/**
 * 政府信息公开指南, rendered from `buildGuide`: 条例第十二条's 分类、编排体系、获取方式 and the office's
 * name, address, hours, phone, fax and internet contact. A fact the organisation has not given is shown
 * as 未提供.
 */
export function GuidePage({ c, page, guide }: { c: Context<AppEnv>; page: PublicOrgPage; guide: OrgGuide }) {
  const t = c.var.t;
  const code = guide.org.code;
  const orgName = displayName(guide.org, c.var.lang).text;
  // The online channel is this platform's own form, opened with this organisation chosen.
  const proactive = guide.access.proactive;
  const onRequest = guide.access.onRequest;
  return (
    <ColumnFrame c={c} page={page} section="guide">
      <p>{t('xxgk.guide.intro', { org: orgName })}</p>

      <h2>{t('xxgk.guide.h_classification')}</h2>
      <p>{t(guide.classification.basisKey)}</p>
      <ol class="numbered">
        {guide.classification.categories.map((cat, i) => (
          <li>
            {cat.key.includes('art21') ? (
              <>
                <span class="item-no">{t('xxgk.statutory.art21_prefix')}</span>
                {t(cat.key)}
              </>
            ) : (
              <>
                <span class="item-no">{t(`xxgk.item_no.${i + 1}`)}</span>
                {t(cat.key)}
              </>
            )}
          </li>
        ))}
      </ol>

      <h2>{t('xxgk.guide.h_arrangement')}</h2>
      <p>{t('xxgk.guide.columns_intro')}</p>
      <ul>
        {SUB_COLUMNS.map((col) => (
          <li>
            <a href={columnPath(code, col.section)}>{t(col.titleKey)}</a>
            {t('xxgk.sep')}
            {t(col.descKey)}
          </li>
        ))}
      </ul>
      <p>{t(guide.arrangement.key)}</p>
      <p>{t(guide.arrangement.indexNumberKey)}</p>

      <h2>{t('xxgk.guide.h_access')}</h2>
      <h3>{t('xxgk.guide.h_proactive')}</h3>
      <p>{t('xxgk.guide.proactive_text')}</p>
      <ul>
        {proactive.map((ch) => (
          <li>
            {ch.kind === 'website' ? (
              <a href={columnPath(code, 'statutory')}>{t(ch.labelKey)}</a>
            ) : (
              <>
                {t(ch.labelKey)}
                {t('xxgk.sep')}
                <ChannelValue c={c} channel={ch} />
              </>
            )}
          </li>
        ))}
      </ul>
      <h3>{t('xxgk.guide.h_on_request')}</h3>
      <p>{t('xxgk.guide.on_request_text')}</p>
      <p>{t('xxgk.guide.on_request_contents')}</p>
      <p>{t('xxgk.guide.on_request_channels')}</p>
      <ul>
        {onRequest.map((ch) => (
          <li>
            {t(ch.labelKey)}
            {t('xxgk.sep')}
            {ch.kind === 'online' ? (
              <a href={`/apply?org=${encodeURIComponent(code)}`}>
                {t('xxgk.guide.online_apply', { org: orgName })}
              </a>
            ) : (
              <ChannelValue c={c} channel={ch} />
            )}
          </li>
        ))}
      </ul>
      <p>
        {t('xxgk.guide.deadline', {
          days: guide.access.answerWorkingDays,
          ext: guide.access.maxExtensionWorkingDays,
        })}
      </p>
      <p>{t(guide.access.feeKey)}</p>

      <h2>{t('xxgk.guide.h_office')}</h2>
      <div class="table-wrap">
        <table class="facts-table">
          <caption>{t('xxgk.guide.office_caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('xxgk.guide.fact_col')}</th>
              <th scope="col">{t('xxgk.guide.value_col')}</th>
            </tr>
          </thead>
          <tbody>
            {guide.office.map((fact) => (
              <tr>
                <th scope="row">{t(fact.labelKey)}</th>
                <td>
                  <FactValue c={c} fact={fact} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {guide.office.some((f) => f.isMissing) ? <p class="muted">{t('xxgk.guide.missing_note')}</p> : null}

      <h2>{t('xxgk.guide.h_remedy')}</h2>
      <p>{t('xxgk.guide.remedy_text')}</p>
    </ColumnFrame>
  );
}
