import { Button } from 'design-react-kit';
import { useState } from 'react';
import { api } from '../../../api/client';
import { toApiError, unwrap } from '../../../api/errors';
import { KEYWORD_PRESETS, type KeywordPreset, type ServiceSettingsDto } from '../../../api/types';
import { DataList } from '../../../components/data/DataList';
import { ProgressBar } from '../../../components/feedback/ProgressBar';
import { useToast } from '../../../components/feedback/toast-context';
import { SelectField } from '../../../components/forms/SelectField';
import { keywordActionText, t } from '../../../i18n';


/** The words citizens write: a preset to start from, the words now in use shown, then on. */
export function KeywordsStep({ comuneId, settings, onChange, onDone }: { comuneId: string; settings: ServiceSettingsDto; onChange(s: ServiceSettingsDto): void; onDone(): void }) {
  const [preset, setPreset] = useState<KeywordPreset>('generico');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const toast = useToast();

  const apply = async () => {
    setBusy(true);
    setError(undefined);
    try {
      onChange(await unwrap(api.POST('/api/v1/platform/comuni/{comuneId}/settings/keyword-set/preset', { params: { path: { comuneId } }, body: { preset } })));
      toast.success(t('onboarding.keywords.applied'));
    } catch (err) {
      setError(toApiError(err).message);
    } finally {
      setBusy(false);
    }
  };

  // Topic rules (San Giuliano's) are many; the main actions say enough here.
  const main = settings.keywordSet.rules.filter((r) => !r.topic);
  return (
    <>
      <p>{t('onboarding.keywords.help')}</p>
      <SelectField id="preset" label={t('onboarding.keywords.preset')} value={preset} error={error} onChange={(e) => setPreset(e.target.value as KeywordPreset)}>
        {KEYWORD_PRESETS.map((p) => (
          <option key={p} value={p}>
            {t(`preset.${p}`)}
          </option>
        ))}
      </SelectField>
      {busy && <ProgressBar label={t('onboarding.keywords.applying')} className="mb-3" />}
      <div className="d-flex flex-wrap gap-2 mb-4">
        <Button color="primary" outline disabled={busy} onClick={() => void apply()}>
          {t('onboarding.keywords.apply')}
        </Button>
      </div>
      <h3 className="h5">{t('onboarding.keywords.current')}</h3>
      <div data-testid="current-keywords">
        <DataList columns={1} items={main.map((r) => ({ label: keywordActionText(r.action), value: r.phrases.join(', ') }))} />
      </div>
      <Button color="primary" disabled={busy} onClick={onDone}>
        {t('onboarding.keywords.next')}
      </Button>
    </>
  );
}
