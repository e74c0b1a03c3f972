import type { ServiceSettingsDto } from '../api/types';

/** The onboarding of a comune, in the order the provider goes through it. */
export const ONBOARDING_STEPS = ['comune', 'number', 'keywords', 'notice', 'admin', 'ready'] as const;
export type OnboardingStep = (typeof ONBOARDING_STEPS)[number];

export interface OnboardingFacts {
  numbers: number;
  /** A keyword preset was chosen, or kept, in this visit. */
  keywordsChosen: boolean;
  notices: number;
  users: number;
  /** The first admin was just created and their password is still on screen. */
  adminShowing: boolean;
}

/**
 * The first step not done yet, worked out from what the comune has, so the wizard resumes where it was
 * left. Keywords leave no trace of having been chosen (every comune has a set), so a later step done
 * counts as their confirmation.
 */
export function currentStep(f: OnboardingFacts): OnboardingStep {
  if (f.numbers === 0) return 'number';
  if (!f.keywordsChosen && f.notices === 0 && f.users === 0) return 'keywords';
  if (f.notices === 0) return 'notice';
  if (f.users === 0 || f.adminShowing) return 'admin';
  return 'ready';
}

export function stepState(step: OnboardingStep, current: OnboardingStep): 'done' | 'current' | 'todo' {
  const [at, now] = [ONBOARDING_STEPS.indexOf(step), ONBOARDING_STEPS.indexOf(current)];
  return at < now ? 'done' : at === now ? 'current' : 'todo';
}

/** What a citizen writes to subscribe: the first phrase of the first subscribe rule. */
export function subscribeWord(settings: Pick<ServiceSettingsDto, 'keywordSet'>): string | undefined {
  return settings.keywordSet.rules.find((r) => r.action === 'subscribe')?.phrases[0];
}
