import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../../api/client';
import { unwrap } from '../../../api/errors';
import { DataList } from '../../../components/data/DataList';
import { ApiErrorView } from '../../../components/feedback/ApiErrorView';
import { LoadingPanel } from '../../../components/feedback/LoadingPanel';
import { PageHeading } from '../../../components/layout/PageHeading';
import { Panel } from '../../../components/layout/Panel';
import { useApiQuery } from '../../../hooks/useApiQuery';
import { currentStep, stepState, subscribeWord, type OnboardingStep } from '../../../forms/onboarding';
import { t, tp } from '../../../i18n';
import { AdminStep } from './AdminStep';
import { KeywordsStep } from './KeywordsStep';
import { NoticeStep } from './NoticeStep';
import { NumberStep } from './NumberStep';
import { ReadyStep } from './ReadyStep';
import { StepList } from './StepList';

/** Everything the wizard needs to know which steps are done: read from the API, so it resumes anywhere. */
async function loadOnboarding(comuneId: string) {
  const path = { params: { path: { comuneId } } };
  const [comune, numbers, settings, notices, users] = await Promise.all([
    unwrap(api.GET('/api/v1/platform/comuni/{id}', { params: { path: { id: comuneId } } })),
    unwrap(api.GET('/api/v1/platform/comuni/{comuneId}/numbers', path)),
    unwrap(api.GET('/api/v1/platform/comuni/{comuneId}/settings/service', path)),
    unwrap(api.GET('/api/v1/platform/comuni/{comuneId}/settings/privacy-notices', path)),
    unwrap(api.GET('/api/v1/platform/comuni/{comuneId}/users', path)),
  ]);
  return { comune, numbers, settings, notices, users };
}

/** Provider: a new comune from its number to a first message on the sandbox phone, one step at a time. */
export function OnboardingPage() {
  const id = useParams().id ?? '';
  const query = useApiQuery(() => loadOnboarding(id), [id]);
  const [keywordsChosen, setKeywordsChosen] = useState(false);
  const [adminShowing, setAdminShowing] = useState(false);

  if (query.error) return <ApiErrorView error={query.error} onRetry={query.reload} />;
  if (query.loading || !query.data) {
    return (
      <>
        <PageHeading title={t('common.loading')} />
        <LoadingPanel />
      </>
    );
  }
  const { comune, numbers, settings, notices, users } = query.data;
  const step = currentStep({ numbers: numbers.length, keywordsChosen, notices: notices.length, users: users.length, adminShowing });
  const word = subscribeWord(settings) ?? 'ATTIVA';
  const done: Partial<Record<OnboardingStep, string>> = {
    comune: `${comune.name} (${comune.province})`,
    number: numbers[0] && t('onboarding.number.done', { number: numbers[0].displayPhoneNumber }),
    keywords: t('onboarding.keywords.done', { word }),
    notice: notices[0] && t('onboarding.notice.done', { version: notices[0].version }),
    admin: tp('onboarding.admin.users', users.length),
  };
  const finished = (s: OnboardingStep) => stepState(s, step) === 'done';

  return (
    <>
      <p>
        <Link to={`/fornitore/comuni/${comune.id}`}>{t('onboarding.ready.toComune')}</Link>
      </p>
      <PageHeading title={t('onboarding.title', { name: comune.name })} />
      <p>{t('onboarding.intro')}</p>
      <StepList current={step} />
      <DataList
        columns={1}
        items={(Object.keys(done) as OnboardingStep[]).filter(finished).map((s) => ({ label: t(`onboarding.step.${s}`), value: done[s] ?? null }))}
      />
      <Panel title={t(`onboarding.step.${step}`)} titleId="passo" className="mb-4">
        {step === 'number' && <NumberStep comuneId={comune.id} onDone={query.reload} />}
        {step === 'keywords' && (
          <KeywordsStep
            comuneId={comune.id}
            settings={settings}
            onChange={(s) => query.setData({ ...query.data!, settings: s })}
            onDone={() => setKeywordsChosen(true)}
          />
        )}
        {step === 'notice' && <NoticeStep comuneId={comune.id} comuneName={comune.name} onDone={query.reload} />}
        {step === 'admin' && (
          <AdminStep
            comuneId={comune.id}
            onCreated={() => setAdminShowing(true)}
            onDone={() => {
              setAdminShowing(false);
              query.reload();
            }}
          />
        )}
        {step === 'ready' && (
          <ReadyStep comune={comune} number={numbers[0]?.displayPhoneNumber ?? ''} word={word} onChange={(c) => query.setData({ ...query.data!, comune: c })} />
        )}
      </Panel>
    </>
  );
}
