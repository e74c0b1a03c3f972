import { Button } from 'design-react-kit';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { api } from '../../api/client';
import { toApiError, unwrap } from '../../api/errors';
import type { CreateBroadcastBody } from '../../api/types';
import { ApiErrorView } from '../../components/feedback/ApiErrorView';
import { useToast } from '../../components/feedback/toast-context';
import { TextAreaField } from '../../components/forms/TextAreaField';
import { TextField } from '../../components/forms/TextField';
import { SelectField } from '../../components/forms/SelectField';
import { PageHeading } from '../../components/layout/PageHeading';
import { Panel } from '../../components/layout/Panel';
import { isWebUrl } from '../../forms/validators';
import { useApiQuery } from '../../hooks/useApiQuery';
import { t } from '../../i18n';

/** The comune's topics: the `topic` of its keyword rules. */
export function topicsOf(rules: { topic?: string }[]): string[] {
  return [...new Set(rules.map((r) => r.topic).filter((x): x is string => !!x))];
}

/** What a citizen will see on WhatsApp: title in bold, the text, the link. */
export function WhatsAppPreview({ title, body, mediaUrl }: { title: string; body: string; mediaUrl?: string | null }) {
  return (
    <div className="wa-preview" data-testid="wa-preview">
      {title || body ? (
        <div className="wa-bubble">
          {title && <strong className="d-block">{title}</strong>}
          {body}
          {mediaUrl && (
            <span className="d-block mt-1">
              {/* Only a web address becomes a link: this also previews what is being typed, and React 18
                  still renders a javascript: href (it only warns in development). */}
              {isWebUrl(mediaUrl) ? (
                <a href={mediaUrl} target="_blank" rel="noreferrer">
                  {mediaUrl}
                </a>
              ) : (
                mediaUrl
              )}
            </span>
          )}
        </div>
      ) : (
        <p className="mb-0">{t('compose.previewEmpty')}</p>
      )}
    </div>
  );
}

const toIso = (local: string): string | undefined => (local ? new Date(local).toISOString() : undefined);

/** A new broadcast, saved as a draft; the detail page then shows the estimate and sends it. */
export function NewBroadcastPage() {
  const navigate = useNavigate();
  const toast = useToast();
  const settings = useApiQuery(() => unwrap(api.GET('/api/v1/settings/service')), []);
  const topics = settings.data ? topicsOf(settings.data.keywordSet.rules) : [];
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [mediaUrl, setMediaUrl] = useState('');
  const [mediaKind, setMediaKind] = useState<'image' | 'document'>('document');
  const [chosen, setChosen] = useState<string[]>([]);
  const [urgent, setUrgent] = useState(false);
  const [scheduledAt, setScheduledAt] = useState('');
  const [expiresAt, setExpiresAt] = useState('');
  const [digest, setDigest] = useState(false);
  const [errors, setErrors] = useState<{ title?: string; body?: string }>({});
  const [saving, setSaving] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const problems = { title: title.trim() ? undefined : t('compose.titleRequired'), body: body.trim() ? undefined : t('compose.bodyRequired') };
    setErrors(problems);
    if (problems.title || problems.body) {
      document.getElementById(problems.title ? 'b-title' : 'b-body')?.focus();
      return;
    }
    const dto: CreateBroadcastBody = {
      title: title.trim(),
      body: body.trim(),
      topics: chosen,
      priority: urgent ? 'urgent' : 'normal',
      digest,
      ...(mediaUrl.trim() ? { mediaUrl: mediaUrl.trim(), mediaKind } : {}),
      ...(scheduledAt ? { scheduledAt: toIso(scheduledAt) } : {}),
      ...(expiresAt ? { expiresAt: toIso(expiresAt) } : {}),
    };
    setSaving(true);
    try {
      const created = await unwrap(api.POST('/api/v1/broadcasts', { body: dto }));
      toast.success(t('compose.saved'));
      navigate(`/messaggi/${created.id}`);
    } catch (err) {
      toast.error(toApiError(err).message);
      setSaving(false);
    }
  };

  return (
    <>
      <PageHeading title={t('compose.title')} />
      {settings.error && <ApiErrorView error={settings.error} onRetry={settings.reload} />}
      <div className="row g-4">
        <div className="col-12 col-lg-7">
          <form noValidate onSubmit={submit}>
            <p>{t('common.requiredNote')}</p>
            <TextField id="b-title" label={t('compose.fieldTitle')} required value={title} error={errors.title} onChange={(e) => setTitle(e.target.value)} maxLength={200} />
            <TextAreaField id="b-body" label={t('compose.fieldBody')} help={t('compose.fieldBodyHelp')} required rows={6} value={body} error={errors.body} onChange={(e) => setBody(e.target.value)} />
            <TextField id="b-media" type="url" label={t('compose.fieldMedia')} help={t('compose.fieldMediaHelp')} value={mediaUrl} onChange={(e) => setMediaUrl(e.target.value)} />
            {mediaUrl.trim() && (
              <SelectField id="b-kind" label={t('compose.fieldKind')} value={mediaKind} onChange={(e) => setMediaKind(e.target.value as 'image' | 'document')}>
                <option value="document">{t('compose.kindDocument')}</option>
                <option value="image">{t('compose.kindImage')}</option>
              </SelectField>
            )}
            {topics.length > 0 && (
              <fieldset className="mb-4" aria-describedby="b-topics-help">
                <legend className="h6">{t('compose.topics')}</legend>
                {topics.map((topic) => (
                  <div className="form-check" key={topic}>
                    <input
                      id={`b-topic-${topic}`}
                      type="checkbox"
                      checked={chosen.includes(topic)}
                      onChange={(e) => setChosen(e.target.checked ? [...chosen, topic] : chosen.filter((x) => x !== topic))}
                    />
                    <label htmlFor={`b-topic-${topic}`}>{topic}</label>
                  </div>
                ))}
                <small id="b-topics-help" className="form-text">
                  {t('compose.topicsHelp')}
                </small>
              </fieldset>
            )}
            <div className="mb-1">
              <div className="toggles">
                <label htmlFor="b-urgent">
                  {t('compose.urgent')}
                  <input id="b-urgent" type="checkbox" aria-describedby="b-urgent-help" checked={urgent} onChange={(e) => setUrgent(e.target.checked)} />
                  <span className="lever" />
                </label>
              </div>
            </div>
            <p id="b-urgent-help" className="form-text mb-4">
              {t('compose.urgentHelp')}
            </p>
            <TextField id="b-scheduled" type="datetime-local" label={t('compose.scheduledAt')} help={t('compose.scheduledAtHelp')} value={scheduledAt} onChange={(e) => setScheduledAt(e.target.value)} />
            <TextField id="b-expires" type="datetime-local" label={t('compose.expiresAt')} help={t('compose.expiresAtHelp')} value={expiresAt} onChange={(e) => setExpiresAt(e.target.value)} />
            <div className="form-check mb-4">
              <input id="b-digest" type="checkbox" checked={digest} onChange={(e) => setDigest(e.target.checked)} />
              <label htmlFor="b-digest">{t('compose.digest')}</label>
            </div>
            <Button type="submit" color="primary" disabled={saving}>
              {saving ? t('compose.saving') : t('compose.save')}
            </Button>
          </form>
        </div>
        <div className="col-12 col-lg-5">
          <Panel title={t('compose.preview')} titleId="anteprima">
            <WhatsAppPreview title={title} body={body} mediaUrl={mediaUrl.trim() || null} />
          </Panel>
        </div>
      </div>
    </>
  );
}
