/** What the provider sees of one comune's service, gathered from its numbers, templates and sends. */
export interface HealthFacts {
  comuneStatus: 'onboarding' | 'pre_launch' | 'active' | 'suspended';
  numbers: { sendingStatus: 'active' | 'stopped' }[];
  templatesApproved: number;
  templatesRejected: number;
  sent24h: number;
  failed24h: number;
  throttled24h: number;
}

export type HealthLevel = 'ok' | 'attention' | 'problem';

/** Why, as stable keys the admin app words in Italian. */
export type HealthIssue =
  | 'no_number'
  | 'number_stopped'
  | 'no_approved_template'
  | 'template_rejected'
  | 'throttled'
  | 'many_failures'
  | 'suspended';

// A comune failing one send in ten has a problem worth a look (numbers no longer on WhatsApp are normal, in small doses).
const FAILURE_SHARE = 0.1;

/**
 * The verdict the provider's list shows. A problem stops citizens from getting messages now;
 * something needing attention slows them, or will stop them when the comune sends outside the window.
 */
export function healthVerdict(f: HealthFacts): { level: HealthLevel; issues: HealthIssue[] } {
  const problems: HealthIssue[] = [];
  const attention: HealthIssue[] = [];
  if (f.comuneStatus === 'suspended') problems.push('suspended');
  if (f.numbers.length === 0) problems.push('no_number');
  else if (f.numbers.every((n) => n.sendingStatus === 'stopped')) problems.push('number_stopped');
  else if (f.numbers.some((n) => n.sendingStatus === 'stopped')) attention.push('number_stopped');
  if (f.numbers.length > 0 && f.templatesApproved === 0) attention.push('no_approved_template');
  if (f.templatesRejected > 0) attention.push('template_rejected');
  if (f.throttled24h > 0) attention.push('throttled');
  const attempted = f.sent24h + f.failed24h;
  if (attempted > 0 && f.failed24h / attempted >= FAILURE_SHARE) attention.push('many_failures');
  const issues = [...problems, ...attention];
  return { level: problems.length ? 'problem' : attention.length ? 'attention' : 'ok', issues };
}
