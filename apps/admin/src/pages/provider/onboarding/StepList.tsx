import { ONBOARDING_STEPS, stepState, type OnboardingStep } from '../../../forms/onboarding';
import { t } from '../../../i18n';

/** Where the provider is in the onboarding: every step, its state said in words, the current one marked. */
export function StepList({ current }: { current: OnboardingStep }) {
  return (
    <nav aria-label={t('onboarding.stepsLabel')} className="mb-4">
      <ol className="onboarding-steps">
        {ONBOARDING_STEPS.map((step) => {
          const state = stepState(step, current);
          return (
            <li key={step} className={`onboarding-step is-${state}`} aria-current={state === 'current' ? 'step' : undefined}>
              <span className="onboarding-step-name">{t(`onboarding.step.${step}`)}</span>
              <span className="onboarding-step-state">{t(`onboarding.state.${state}`)}</span>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
