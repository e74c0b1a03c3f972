import { Alert, Button } from 'design-react-kit';
import { useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api/client';
import { toApiError, unwrap } from '../../api/errors';
import type { SendingRulesViewDto, ServiceSettingsDto } from '../../api/types';
import { DataList } from '../../components/data/DataList';
import { ScrollTable } from '../../components/data/ScrollTable';
import { ApiErrorView } from '../../components/feedback/ApiErrorView';
import { LoadingPanel } from '../../components/feedback/LoadingPanel';
import { useToast } from '../../components/feedback/toast-context';
import { TextAreaField } from '../../components/forms/TextAreaField';
import { TextField } from '../../components/forms/TextField';
import { PageHeading } from '../../components/layout/PageHeading';
import { Panel } from '../../components/layout/Panel';
import { useApiQuery } from '../../hooks/useApiQuery';
import { formatDate, keywordActionText, t } from '../../i18n';
import { useUser } from '../../session/context';

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

function KeywordsSection({ settings }: { settings: ServiceSettingsDto }) {
  const [text, setText] = useState('');
  const [result, setResult] = useState<{ action: string; ruleId?: string; explanation: string } | null>(null);
  const [error, setError] = useState<string | undefined>();
  const tryIt = async (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return setError(t('validation.required'));
    setError(undefined);
    try {
      setResult(await unwrap(api.POST('/api/v1/settings/keyword-set/try', { body: { text } })));
    } catch (err) {
      setError(toApiError(err).message);
    }
  };
  const ks = settings.keywordSet;
  return (
    <Panel title={t('settings.keywords')} titleId="parole-chiave" className="mb-4">
      <ScrollTable caption={t('settings.keywordsCaption')}>
        <thead>
          <tr>
            <th scope="col">{t('settings.colRule')}</th>
            <th scope="col">{t('settings.colAction')}</th>
            <th scope="col">{t('settings.colPhrases')}</th>
            <th scope="col">{t('settings.colTopic')}</th>
          </tr>
        </thead>
        <tbody>
          {ks.rules.map((r) => (
            <tr key={r.id}>
              <td>{r.id}</td>
              <td>{keywordActionText(r.action)}</td>
              <td>{r.phrases.join(', ')}</td>
              <td>{r.topic ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </ScrollTable>
      <DataList columns={1} items={[{ label: t('settings.stopWords'), value: ks.stopWords.join(', ') }]} />
      <h3 className="h5 mt-4">{t('settings.try')}</h3>
      <form noValidate onSubmit={tryIt} className="row align-items-end">
        <div className="col-12 col-md-8">
          <TextField id="try-text" label={t('settings.tryLabel')} error={error} value={text} onChange={(e) => setText(e.target.value)} />
        </div>
        <div className="col-12 col-md-4 mb-3">
          <Button type="submit" color="primary" outline>
            {t('settings.trySubmit')}
          </Button>
        </div>
      </form>
      <div aria-live="polite" data-testid="try-result">
        {result && (
          <DataList
            columns={1}
            items={[
              { label: t('settings.tryAction'), value: keywordActionText(result.action) },
              { label: t('settings.tryRule'), value: result.ruleId ?? null },
              { label: t('settings.tryExplanation'), value: result.explanation },
            ]}
          />
        )}
      </div>
    </Panel>
  );
}

function MessagesSection({ settings, admin, onSaved }: { settings: ServiceSettingsDto; admin: boolean; onSaved(): void }) {
  const toast = useToast();
  const messages = settings.messages as Record<string, string>;
  const custom = settings.customMessages as Record<string, string | null | undefined>;
  const [draft, setDraft] = useState<Record<string, string>>(messages);
  useEffect(() => setDraft(messages), [settings]);
  const [saving, setSaving] = useState(false);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    const changed: Record<string, string | null> = {};
    for (const [k, v] of Object.entries(draft)) if (v !== messages[k]) changed[k] = v.trim() ? v : null;
    setSaving(true);
    try {
      await unwrap(api.PATCH('/api/v1/settings/service', { body: { messages: changed as unknown as Record<string, never> } }));
      toast.success(t('settings.messagesSaved'));
      onSaved();
    } catch (err) {
      toast.error(toApiError(err).message);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Panel title={t('settings.messages')} titleId="testi" className="mb-4">
      {admin && <p>{t('settings.messagesHelp')}</p>}
      <form noValidate onSubmit={save}>
        {Object.keys(messages).map((k) => (
          <TextAreaField
            key={k}
            id={`msg-${k}`}
            label={`${k}${custom[k] ? ` ${t('settings.custom')}` : ''}`}
            rows={3}
            readOnly={!admin}
            value={draft[k] ?? ''}
            onChange={(e) => setDraft({ ...draft, [k]: e.target.value })}
          />
        ))}
        {admin && (
          <Button type="submit" color="primary" disabled={saving}>
            {saving ? t('common.saving') : t('settings.messagesSave')}
          </Button>
        )}
      </form>
    </Panel>
  );
}

function PrivacySection({ admin }: { admin: boolean }) {
  const toast = useToast();
  const notices = useApiQuery(() => unwrap(api.GET('/api/v1/settings/privacy-notices')), []);
  const [title, setTitle] = useState('');
  const [url, setUrl] = useState('');
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | undefined>();
  const publish = async (e: FormEvent) => {
    e.preventDefault();
    if (!title.trim()) return setError(t('validation.required'));
    setError(undefined);
    try {
      await unwrap(
        api.POST('/api/v1/settings/privacy-notices', {
          body: { title: title.trim(), ...(url.trim() ? { url: url.trim() } : {}), ...(body.trim() ? { body: body.trim() } : {}) },
        }),
      );
      toast.success(t('settings.privacyPublished'));
      setTitle('');
      setUrl('');
      setBody('');
      notices.reload();
    } catch (err) {
      toast.error(toApiError(err).message);
    }
  };
  const list = (notices.data ?? []) as { id: string; version: number; title: string; url: string | null; effectiveFrom: string }[];
  return (
    <Panel title={t('settings.privacy')} titleId="privacy" className="mb-4">
      {notices.error ? (
        <ApiErrorView error={notices.error} onRetry={notices.reload} />
      ) : !notices.data ? (
        <LoadingPanel />
      ) : list.length === 0 ? (
        <p>{t('settings.noPrivacy')}</p>
      ) : (
        <ScrollTable caption={t('settings.privacyCaption')}>
          <thead>
            <tr>
              <th scope="col">{t('settings.colVersion')}</th>
              <th scope="col">{t('settings.colTitle')}</th>
              <th scope="col">{t('settings.colFrom')}</th>
              <th scope="col">{t('settings.colUrl')}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((n) => (
              <tr key={n.id}>
                <td>{n.version}</td>
                <td>{n.title}</td>
                <td>{formatDate(n.effectiveFrom)}</td>
                <td>{n.url ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      )}
      {admin && (
        <form noValidate onSubmit={publish}>
          <h3 className="h5">{t('settings.newPrivacy')}</h3>
          <TextField id="pn-title" label={t('settings.privacyTitle')} required error={error} value={title} onChange={(e) => setTitle(e.target.value)} />
          <TextField id="pn-url" type="url" label={t('settings.privacyUrl')} value={url} onChange={(e) => setUrl(e.target.value)} />
          <TextAreaField id="pn-body" label={t('settings.privacyBody')} rows={4} value={body} onChange={(e) => setBody(e.target.value)} />
          <Button type="submit" color="primary" outline>
            {t('settings.privacyPublish')}
          </Button>
        </form>
      )}
    </Panel>
  );
}

function SendingSection({ rules, admin, onSaved }: { rules: SendingRulesViewDto; admin: boolean; onSaved(r: SendingRulesViewDto): void }) {
  const toast = useToast();
  const [requireApproval, setRequireApproval] = useState(rules.requireApproval);
  const [quietStart, setQuietStart] = useState((rules.quietHoursStart ?? '').slice(0, 5));
  const [quietEnd, setQuietEnd] = useState((rules.quietHoursEnd ?? '').slice(0, 5));
  const [days, setDays] = useState<string[]>(rules.digestDays);
  const [digestTime, setDigestTime] = useState((rules.digestTime ?? '').slice(0, 5));
  const [saving, setSaving] = useState(false);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setSaving(true);
    try {
      const saved = await unwrap(
        api.PATCH('/api/v1/settings/sending', {
          body: {
            requireApproval,
            digestDays: days,
            quietHoursStart: (quietStart || null) as unknown as Record<string, never>,
            quietHoursEnd: (quietEnd || null) as unknown as Record<string, never>,
            digestTime: (digestTime || null) as unknown as Record<string, never>,
          },
        }),
      );
      toast.success(t('settings.sendingSaved'));
      onSaved(saved);
    } catch (err) {
      toast.error(toApiError(err).message);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Panel title={t('settings.sending')} titleId="regole-invio" className="mb-4">
      <form noValidate onSubmit={save}>
        <fieldset disabled={!admin}>
          <div className="toggles mb-1">
            <label htmlFor="s-approval">
              {t('settings.requireApproval')}
              <input id="s-approval" type="checkbox" aria-describedby="s-approval-help" checked={requireApproval} onChange={(e) => setRequireApproval(e.target.checked)} />
              <span className="lever" />
            </label>
          </div>
          <p id="s-approval-help" className="form-text mb-4">
            {t('settings.requireApprovalHelp')}
          </p>
          <div className="row">
            <div className="col-12 col-md-6">
              <TextField id="s-quiet-start" type="time" label={t('settings.quietStart')} help={t('settings.quietHelp')} value={quietStart} onChange={(e) => setQuietStart(e.target.value)} />
            </div>
            <div className="col-12 col-md-6">
              <TextField id="s-quiet-end" type="time" label={t('settings.quietEnd')} help={t('settings.quietHelp')} value={quietEnd} onChange={(e) => setQuietEnd(e.target.value)} />
            </div>
          </div>
          <fieldset className="mb-4">
            <legend className="h6">{t('settings.digestDays')}</legend>
            {DAYS.map((d) => (
              <div className="form-check form-check-inline" key={d}>
                <input id={`s-day-${d}`} type="checkbox" checked={days.includes(d)} onChange={(e) => setDays(e.target.checked ? [...days, d] : days.filter((x) => x !== d))} />
                <label htmlFor={`s-day-${d}`}>{t(`day.${d}`)}</label>
              </div>
            ))}
          </fieldset>
          <TextField id="s-digest-time" type="time" label={t('settings.digestTime')} value={digestTime} onChange={(e) => setDigestTime(e.target.value)} />
        </fieldset>
        {admin && (
          <Button type="submit" color="primary" disabled={saving}>
            {saving ? t('common.saving') : t('settings.sendingSave')}
          </Button>
        )}
      </form>
    </Panel>
  );
}

/** The comune's service settings: admins edit, the others read. */
export function SettingsPage() {
  const admin = useUser().role === 'admin';
  const service = useApiQuery(() => unwrap(api.GET('/api/v1/settings/service')), []);
  const sending = useApiQuery(() => unwrap(api.GET('/api/v1/settings/sending')), []);
  return (
    <>
      <PageHeading title={t('settings.title')} />
      {!admin && <Alert color="info">{t('settings.readOnly')}</Alert>}
      <p>
        <Link to="/impostazioni/notizie-dal-sito">{t('feeds.title')}</Link>: {t('feeds.linkHelp')}
      </p>
      {sending.error ? (
        <ApiErrorView error={sending.error} onRetry={sending.reload} />
      ) : !sending.data ? (
        <LoadingPanel />
      ) : (
        <SendingSection rules={sending.data} admin={admin} onSaved={sending.setData} />
      )}
      {service.error ? (
        <ApiErrorView error={service.error} onRetry={service.reload} />
      ) : !service.data ? (
        <LoadingPanel />
      ) : (
        <>
          <KeywordsSection settings={service.data} />
          <MessagesSection settings={service.data} admin={admin} onSaved={service.reload} />
        </>
      )}
      <PrivacySection admin={admin} />
    </>
  );
}
